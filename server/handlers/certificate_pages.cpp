// Certificates of completed courses (printable, with a QR code of their verification
// address) and the public verification page and API: anyone holding a code can check
// who completed which course, when, for how many credits.
#include "models.hpp"
#include "pages.hpp"
#include "routes.hpp"
#include "services/verification_code.hpp"
#include "view/local_format.hpp"
#include "view/qr_svg.hpp"

namespace lifelong::handlers {
namespace {

nlohmann::json certificate_json(const services::certificate& c, const std::string& lang) {
  char credits[16];
  std::snprintf(credits, sizeof credits, "%.1f", c.credits);
  return {{"code", services::format_verification_code(c.code)},
          {"learner_name", c.learner_name},
          {"course_id", c.course_id},
          {"course_title", c.course_title},
          {"teacher_name", c.teacher_name},
          {"completed_at", view::iso_utc(c.completed_at)},
          {"completed_text", view::date_text(c.completed_at, lang)},
          {"credits", credits}};
}

// The certificate for a typed code: bad_request when it cannot be a code, nullopt
// when no certificate has it.
std::optional<services::certificate> look_up(app& a, const std::string& typed) {
  const auto code = services::normalise_verification_code(typed);
  if (!code) throw http::bad_request("errors.verification_code_invalid", "code");
  return a.certificates.by_code(*code);
}

http::reply verify_page(app& a, http::request& req, std::string typed) {
  nlohmann::json model{{"typed", typed}, {"page_title", a.views.message(req.lang, "certificate.verify_heading")}};
  int status = 200;
  if (!typed.empty()) {
    try {
      auto found = look_up(a, typed);
      if (found) {
        model["found"] = certificate_json(*found, req.lang);
      } else {
        model["not_found"] = true;
        status = 404;
      }
    } catch (const std::exception& thrown) {
      const auto e = http::as_http_error(thrown);  // the service refuses in its own words
      if (!e || (e->status != 400)) throw;
      model["error"] = a.views.message(req.lang, e->message_key);
      status = 400;
    }
  }
  return page(a, req, "verify", std::move(model), status);
}

}  // namespace

void add_certificate_pages(http::router& r, app& a) {
  r.add("GET", "/me/certificates/{course}", [&a](http::request& req) -> http::reply {
    const auto course_id = req.id_param("course");
    const auto& who = require_user(req);
    auto found = a.certificates.of(who.user_id, course_id);
    if (!found) throw http::not_found();
    auto model = certificate_json(*found, req.lang);
    const auto url = a.cfg.server.public_url + "/verify/" + services::format_verification_code(found->code);
    model["url"] = url;
    if (auto qr = view::qr_code(url)) model["qr"] = {{"size", qr->size}, {"path", qr->path}};
    model["page_title"] = a.views.message(req.lang, "certificate.heading");
    return page(a, req, "certificate", std::move(model));
  });

  r.add("GET", "/verify", [&a](http::request& req) {
    auto it = req.query.find("code");
    return verify_page(a, req, it == req.query.end() ? std::string() : it->second);
  });
  r.add("GET", "/verify/{code}", [&a](http::request& req) { return verify_page(a, req, req.param("code")); });

  r.add("GET", "/api/v1/certificates/{code}", [&a](http::request& req) -> http::reply {
    const auto typed = req.param("code");
    auto found = look_up(a, typed);
    if (!found) throw http::not_found();
    return http::json_reply(certificate_json(*found, req.lang).dump());
  });
}

}  // namespace lifelong::handlers
