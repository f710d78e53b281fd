// A forgotten password: /password/forgot asks for the link by e-mail (services/
// password_reset_service.hpp), /password/reset/{token} sets the new password. Without
// [mail] the page says where staff can help instead.
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {

// The reset mail in the language the person asked in, with the site's own name.
services::password_reset_service::composer compose_in(app& a, const std::string& lang) {
  return [&a, lang](const services::user_record& person, const std::string& token) {
    const auto& s = a.cfg.site;
    const auto site = site_name(a, lang);
    const auto issuer = lang == "en" && !s.issuer_en.empty() ? s.issuer_en : s.issuer;
    const auto minutes = std::to_string(a.cfg.mail.reset_minutes);
    return mail::message{person.email, a.views.message(lang, "reset.mail_subject", {{"site", site}}),
                         a.views.message(lang, "reset.mail_body",
                                         {{"name", person.display_name},
                                          {"username", person.username},
                                          {"site", site},
                                          {"minutes", minutes},
                                          {"link", public_base(a) + "/password/reset/" + token},
                                          {"issuer", issuer.empty() ? site : issuer}})};
  };
}

http::reply reset_page(app& a, const http::request& req, const std::string& token, bool usable,
                       const http::http_error* e) {
  nlohmann::json model{{"token", token}, {"usable", usable}};
  if (!usable) model["error"] = a.views.message(req.lang, "errors.reset_link_invalid");
  if (e) {
    model["error"] = a.views.message(req.lang, e->message_key);
    if (!e->field.empty()) model["error_field_" + e->field] = true;
  }
  return page(a, req, "reset_password", std::move(model), e ? e->status : usable ? 200 : 410);
}

}  // namespace

void add_password_pages(http::router& r, app& a) {
  r.add("GET", "/password/forgot", [&a](http::request& req) -> http::reply {
    return page(a, req, "forgot_password", {{"mail_enabled", a.password_resets.enabled()}});
  });

  // The same answer whoever was asked for, so nobody learns who has an account.
  r.add("POST", "/password/forgot", [&a](http::request& req) -> http::reply {
    const auto form = form_fields(req);
    const auto who = field(form, "who");
    a.password_resets.request(who, compose_in(a, req.lang));
    nlohmann::json model{{"mail_enabled", a.password_resets.enabled()}};
    if (a.password_resets.enabled())
      model["sent"] = a.views.message(req.lang, "reset.sent", {{"minutes", std::to_string(a.cfg.mail.reset_minutes)}});
    return page(a, req, "forgot_password", std::move(model));
  });

  r.add("GET", "/password/reset/{token}", [&a](http::request& req) -> http::reply {
    const auto token = req.param("token");
    return reset_page(a, req, token, a.password_resets.holder(token).has_value(), nullptr);
  });

  r.add("POST", "/password/reset/{token}", [&a](http::request& req) -> http::reply {
    const auto token = req.param("token");
    const auto form = form_fields(req);
    const auto password = field(form, "new_password");
    try {
      if (password != field(form, "new_password_again"))
        throw http::bad_request("reset.mismatch", "new_password_again");
      a.password_resets.complete(token, password);
    } catch (const std::exception& thrown) {
      const auto e = http::as_http_error(thrown);  // the service refuses in its own words
      if (!e || (e->status != 400 && e->status != 409)) throw;
      if (e->status == 409) return reset_page(a, req, token, false, nullptr);
      return reset_page(a, req, token, true, &*e);
    }
    return http::redirect("/login?reset=1");
  });
}

}  // namespace lifelong::handlers
