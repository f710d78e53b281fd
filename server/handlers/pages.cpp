#include "pages.hpp"

#include "models.hpp"

#include <spdlog/spdlog.h>

#include <charconv>

#include "common/tokens.hpp"
#include "http/cookies.hpp"

namespace lifelong::handlers {

namespace {
// The frame every page shares: who is signed in, the CSRF token (a new cookie for a
// visitor who has none), and where the language switch returns to.
nlohmann::json frame_of(const http::request& req, std::optional<std::string>& new_csrf_cookie) {
  nlohmann::json frame;
  std::string csrf;
  if (req.user) {
    csrf = req.user->csrf;
    frame["user"] = {
        {"name", req.user->display_name},
        {"is_teacher", req.user->has_role("teacher")},
        {"is_reviewer", req.user->has_role("reviewer") || req.user->has_role("site_admin")},
        {"is_staff", req.user->has_role("staff") || req.user->has_role("reviewer") || req.user->has_role("site_admin")},
        {"is_site_admin", req.user->has_role("site_admin")}};
  } else {
    auto existing = http::cookie_value(req.header("cookie"), "ll_csrf");
    csrf = existing && existing->size() == 43 ? *existing : random_token();
    if (!existing || *existing != csrf) new_csrf_cookie = csrf;
  }
  frame["csrf"] = csrf;
  frame["here"] = http::url_encode(req.target);  // for ?back= in links
  frame["back_path"] = req.target;               // for back= in forms
  frame["simple"] = simplified_mode(req);
  frame["large_pointer"] = large_pointer(req);
  frame["mode_prompt"] = offers_simple_mode(req);
  return frame;
}

// Who runs the site (config [site]), in the page's language; a line left empty is left out.
nlohmann::json site_of(app& a, const std::string& lang) {
  const auto& s = a.cfg.site;
  const bool en = lang == "en";
  nlohmann::json site{{"logo", s.logo}, {"name", site_name(a, lang)}};
  if (const auto& issuer = en && !s.issuer_en.empty() ? s.issuer_en : s.issuer; !issuer.empty())
    site["issuer"] = issuer;
  if (!s.hotline.empty()) site["hotline"] = s.hotline;
  if (!s.icp.empty()) site["icp"] = s.icp;
  return site;
}

http::reply with_csrf_cookie(app& a, http::reply rep, const std::optional<std::string>& new_csrf_cookie) {
  if (new_csrf_cookie)
    rep.header("Set-Cookie", http::set_cookie("ll_csrf", *new_csrf_cookie, {true, a.cfg.server.secure_cookies, -1}));
  return rep;
}

// The bell's count of unread messages for a signed-in person ("99+" beyond 99).
void add_message_count(app& a, const http::request& req, nlohmann::json& model) {
  if (!req.user) return;
  try {  // the page is still worth showing without its count
    if (const int n = a.messages.unread(*req.user); n > 0)
      model["unread_messages"] = n > 99 ? "99+" : std::to_string(n);
  } catch (const std::exception& e) {
    spdlog::warn("unread messages: {}", e.what());
  }
}

// with_counts: what the menu counts needs the database, which an error page made on the
// event loop (dispatch.cpp) must not touch.
http::reply render(app& a, const http::request& req, const std::string& name, nlohmann::json model, int status,
                   bool with_counts) {
  std::optional<std::string> new_csrf_cookie;
  auto frame = frame_of(req, new_csrf_cookie);  // kept: items() of a temporary dangles
  frame["site"] = site_of(a, req.lang);
  for (const auto& [key, value] : frame.items())
    if (key != "simple" || !model.contains("simple")) model[key] = value;  // a page may be simplified for everyone
  // Reviewers see in the menu how many courses wait for them.
  if (with_counts && req.user && !model["simple"].get<bool>() &&
      (req.user->has_role("reviewer") || req.user->has_role("site_admin")))
    if (const auto waiting = a.reviews.queue(*req.user).size(); waiting > 0) {
      model["waiting_reviews"] = waiting;
      model["waiting_reviews_text"] = count_text(a.views, req.lang, "nav.waiting", static_cast<long long>(waiting));
    }
  if (with_counts) add_message_count(a, req, model);
  // Every page's <title> names it: the handler's own, else the template's (titles.*).
  if (!model.contains("page_title"))
    if (auto title = a.views.message(req.lang, "titles." + name); title != "titles." + name)
      model["page_title"] = title;
  return with_csrf_cookie(a, http::html_reply(a.views.page(name, std::move(model), req.lang), status), new_csrf_cookie);
}

}  // namespace

http::reply page(app& a, const http::request& req, const std::string& name, nlohmann::json model, int status) {
  return render(a, req, name, std::move(model), status, true);
}

http::reply framed_page(app& a, const http::request& req, std::string content, const std::string& page_title) {
  std::optional<std::string> new_csrf_cookie;
  auto frame = frame_of(req, new_csrf_cookie);
  frame["site"] = site_of(a, req.lang);
  if (!page_title.empty()) frame["page_title"] = page_title;
  add_message_count(a, req, frame);
  return with_csrf_cookie(a, http::html_reply(a.views.framed(std::move(content), std::move(frame), req.lang)),
                          new_csrf_cookie);
}

http::reply error_page(app& a, const http::request& req, const http::http_error& e) {
  nlohmann::json model{{"status", e.status}, {"message", a.views.message(req.lang, e.message_key)}};
  return render(a, req, "error", std::move(model), e.status, false);
}

std::string site_name(const app& a, const std::string& lang) {
  const auto& s = a.cfg.site;
  const auto& name = lang == "en" && !s.name_en.empty() ? s.name_en : s.name;
  return name.empty() ? a.views.message(lang, "site.name") : name;
}

std::string public_base(const app& a) {
  return a.cfg.server.public_url.empty() ? "http://" + a.cfg.server.listen + ":" + std::to_string(a.cfg.server.port)
                                         : a.cfg.server.public_url;
}

bool simplified_mode(const http::request& req) {
  if (req.user) return req.user->simplified;
  return http::cookie_value(req.header("cookie"), "ll_mode").value_or("") == "simple";
}

bool large_pointer(const http::request& req) {
  return http::cookie_value(req.header("cookie"), "ll_pointer").value_or("") == "large";
}

bool offers_simple_mode(const http::request& req) {
  const auto cookies = req.header("cookie");
  return !req.user && !http::cookie_value(cookies, "ll_mode") && !http::cookie_value(cookies, "ll_prompt");
}

std::string search_query(const http::request& req) {
  auto it = req.query.find("q");
  if (it == req.query.end()) return {};
  std::string q = it->second;
  const auto first = q.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  q = q.substr(first, q.find_last_not_of(" \t\r\n") - first + 1);
  std::size_t chars = 0, cut = q.size();
  for (std::size_t i = 0; i < q.size(); ++i)
    if ((static_cast<unsigned char>(q[i]) & 0xC0) != 0x80 && ++chars > 100) {
      cut = i;
      break;
    }
  return q.substr(0, cut);
}

std::vector<std::uint64_t> home_of(const http::request& req) {
  return req.user ? req.user->home_path : std::vector<std::uint64_t>{};
}

const services::session& require_user(const http::request& req) {
  if (!req.user) throw http::unauthorized();
  return *req.user;
}

const services::session& require_role(const http::request& req, const std::string& role) {
  const auto& who = require_user(req);
  if (!who.has_role(role) && !who.has_role("site_admin")) throw http::forbidden();
  return who;
}

http::params form_fields(const http::request& req) {
  if (req.header("content-type").rfind("application/x-www-form-urlencoded", 0) != 0)
    throw http::bad_request("errors.bad_form");
  return http::parse_urlencoded(req.body);
}

nlohmann::json json_body(const http::request& req) {
  // Only real JSON: a cross-site form can send JSON-looking text/plain, never this type.
  if (req.header("content-type").rfind("application/json", 0) != 0)
    throw http::http_error(415, "unsupported_type", "errors.bad_json");
  return json_object(req.body);
}

std::string field(const http::params& form, const std::string& name) {
  auto it = form.find(name);
  return it == form.end() ? std::string() : it->second;
}

nlohmann::json review_queue_json(app& a, const http::request& req, const services::session& who) {
  const auto categories = a.courses.categories();
  auto list = nlohmann::json::array();
  for (const auto& c : a.reviews.queue(who))
    list.push_back(course_json(c, categories, a.media_links, a.views, req.lang));
  return list;
}

int page_number(const http::request& req) {
  auto it = req.query.find("page");
  if (it == req.query.end()) return 1;
  int n = 0;
  auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), n);
  if (ec != std::errc{} || n < 1) return 1;
  return std::min(n, 10000);
}

}  // namespace lifelong::handlers
