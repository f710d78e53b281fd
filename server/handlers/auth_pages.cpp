// Sign-in, registration, sign-out and the language switch.
#include "auth_common.hpp"
#include "community_picker.hpp"
#include "http/cookies.hpp"
#include "http/return_path.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {

http::reply login_page(app& a, const http::request& req, const std::string& username, const std::string& next,
                       const std::string& error_key, int status = 200) {
  nlohmann::json model{{"username", username}, {"next", next}, {"reset_done", req.query.count("reset") > 0}};
  if (!error_key.empty()) model["error"] = a.views.message(req.lang, error_key);
  return page(a, req, "login", std::move(model), status);
}

// Blocking: lists the communities to choose from.
http::reply register_page(app& a, const http::request& req, const http::params& form, const http::http_error* e) {
  auto groups = community_groups(a, std::nullopt, http::parse_id(field(form, "org_unit_id")));
  nlohmann::json model{{"username", field(form, "username")},
                       {"display_name", field(form, "display_name")},
                       {"community_required", !groups.empty()},
                       {"community_groups", std::move(groups)}};
  if (e) {
    model["error"] = a.views.message(req.lang, e->message_key);
    if (!e->field.empty()) model["error_field_" + e->field] = true;
  }
  return page(a, req, "register", std::move(model), e ? e->status : 200);
}

}  // namespace

void add_auth_pages(http::router& r, app& a) {
  r.add("GET", "/login", [&a](http::request& req) -> http::reply {
    auto next = req.query.count("next") ? req.query.at("next") : "/";
    return login_page(a, req, "", http::local_return_path(next), "");
  });

  r.add("POST", "/login", [&a](http::request& req) -> http::reply {
    auto form = form_fields(req);
    const auto username = field(form, "username"), next = http::local_return_path(field(form, "next"));
    std::optional<services::session> s;
    std::optional<http::http_error> refused;
    try {
      s = sign_in(a, username, field(form, "password"), req.remote, device_mode(req));
    } catch (const std::exception& thrown) {
      const auto e = http::as_http_error(thrown);  // the service refuses in its own words
      if (!e || (e->status != 429)) throw;
      refused = *e;  // too many tries: the form again, with the reason and when to retry
    }
    if (refused) {
      auto rep = login_page(a, req, username, next, refused->message_key, 429);
      for (const auto& [name, value] : refused->headers) rep.header(name, value);
      return rep;
    }
    if (!s) return login_page(a, req, username, next, "errors.login_failed", 401);
    // A temporary password from the community's desk: first their own.
    const auto person = a.users.find(s->user_id);
    // Administrators start from their area's figures unless they were on their way somewhere.
    const bool administrator = s->has_role("reviewer") || s->has_role("site_admin");
    const auto landing = next == "/" && administrator ? std::string("/admin/stats") : next;
    auto rep = http::redirect(person && person->must_change_password ? "/account?change=1" : landing);
    add_session_cookie(a, rep, *s);
    return rep;
  });

  r.add("GET", "/register", [&a](http::request& req) -> http::reply { return register_page(a, req, {}, nullptr); });

  r.add("POST", "/register", [&a](http::request& req) -> http::reply {
    auto form = form_fields(req);
    services::new_user u{field(form, "username"), field(form, "display_name"), field(form, "password"), std::nullopt};
    if (const auto home = http::parse_id(field(form, "org_unit_id"))) u.org_unit_id = home;
    try {
      if (!u.org_unit_id && !community_groups(a, std::nullopt, 0).empty())
        throw http::bad_request("errors.community_required", "org_unit_id");
      register_resident(a, u, req.remote);
    } catch (const std::exception& thrown) {
      const auto e = http::as_http_error(thrown);  // the service refuses in its own words
      if (!e || (e->status != 400 && e->status != 409 && e->status != 429)) throw;
      return register_page(a, req, form, &*e);
    }
    auto s = sign_in(a, u.username, u.password, req.remote, device_mode(req));
    auto rep = http::redirect(s ? "/welcome" : "/login");
    if (s) add_session_cookie(a, rep, *s);
    return rep;
  });

  // Where a new resident lands: what to do next.
  r.add("GET", "/welcome", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    return page(a, req, "welcome",
                {{"welcome", a.views.message(req.lang, "welcome.heading", {{"name", who.display_name}})},
                 {"page_title", a.views.message(req.lang, "welcome.title")}});
  });

  r.add("POST", "/logout", [&a](http::request& req) -> http::reply {
    sign_out(a, req);
    auto rep = http::redirect("/");
    clear_session_cookie(a, rep);
    return rep;
  });

  r.add("GET", "/lang/{code}", [&a](http::request& req) -> http::reply {
    const auto code = req.param("code");
    if (std::find(view::languages.begin(), view::languages.end(), code) == view::languages.end())
      throw http::not_found();
    auto back = req.query.count("back") ? req.query.at("back") : "/";
    auto rep = http::redirect(http::local_return_path(back));
    rep.header("Set-Cookie", http::set_cookie("lang", code, {false, a.cfg.server.secure_cookies, 365L * 24 * 3600}));
    return rep;
  });

  // The simplified pages on or off, for the device (the ll_mode cookie, so the choice
  // also holds before sign-in) and, signed in, for the account (every live session
  // follows). Changing the account takes a POST with the session's token, from the form
  // the signed-in header shows; the GET link of anonymous pages (cached ones included)
  // sets the device's cookie only, so a link elsewhere can change nobody's account.
  const auto switch_mode = [&a](http::request& req, bool for_account) -> http::reply {
    const auto mode = req.param("mode");
    if (mode != "simple" && mode != "standard") throw http::not_found();
    if (for_account && req.user) {
      const auto user_id = req.user->user_id;
      a.users.set_simplified(user_id, mode == "simple");
      refresh_sessions(a, user_id);
    }
    const auto back =
        for_account ? field(form_fields(req), "back") : (req.query.count("back") ? req.query.at("back") : "/");
    auto rep = http::redirect(http::local_return_path(back));
    rep.header("Set-Cookie", http::set_cookie("ll_mode", mode, {true, a.cfg.server.secure_cookies, 365L * 24 * 3600}));
    return rep;
  };
  r.add("GET", "/mode/{mode}", [switch_mode](http::request& req) { return switch_mode(req, false); });
  r.add("POST", "/mode/{mode}", [switch_mode](http::request& req) { return switch_mode(req, true); });

  // Two choices of the device that change no account, so a plain link makes them: the
  // first-visit offer of the simplified pages declined for good, and the simplified pages'
  // extra-large pointer for computers.
  const auto device_choice = [&a](http::request& req, const char* cookie, const std::string& value) {
    auto rep = http::redirect(http::local_return_path(req.query.count("back") ? req.query.at("back") : "/"));
    // 400 days: the longest any browser keeps a cookie (Chromium cuts longer ones to it)
    rep.header("Set-Cookie", http::set_cookie(cookie, value, {true, a.cfg.server.secure_cookies, 400L * 24 * 3600}));
    return rep;
  };
  r.add("GET", "/mode-prompt/no",
        [device_choice](http::request& req) { return device_choice(req, "ll_prompt", "no"); });
  r.add("GET", "/pointer/{size}", [device_choice](http::request& req) {
    const auto size = req.param("size");
    if (size != "large" && size != "normal") throw http::not_found();
    return device_choice(req, "ll_pointer", size);
  });
}

}  // namespace lifelong::handlers
