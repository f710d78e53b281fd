// POST/DELETE /api/v1/session, DELETE /api/v1/sessions (everywhere), POST /api/v1/users,
// GET/PUT /api/v1/me, PUT /api/v1/me/password.
#include "auth_common.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {
nlohmann::json session_json(const services::session& s) {
  return {{"user", {{"id", s.user_id}, {"username", s.username}, {"display_name", s.display_name}, {"roles", s.roles}}},
          {"csrf_token", s.csrf}};
}
}  // namespace

void add_auth_api(http::router& r, app& a) {
  r.add("POST", "/api/v1/session", [&a](http::request& req) -> http::reply {
    auto body = json_body(req);
    auto s = sign_in(a, json_text(body, "username"), json_text(body, "password"), req.remote);
    if (!s) throw http::http_error(401, "login_failed", "errors.login_failed");
    auto answer = session_json(*s);
    const auto person = a.users.find(s->user_id);
    answer["must_change_password"] = person && person->must_change_password;  // a temporary one from staff
    auto rep = http::json_reply(answer.dump());
    add_session_cookie(a, rep, *s);
    return rep;
  });

  r.add("DELETE", "/api/v1/session", [&a](http::request& req) -> http::reply {
    sign_out(a, req);
    http::reply rep;
    rep.status = 204;
    clear_session_cookie(a, rep);
    return rep;
  });

  r.add("POST", "/api/v1/users", [&a](http::request& req) -> http::reply {
    auto body = json_body(req);
    services::new_user u{json_text(body, "username"), json_text(body, "display_name"), json_text(body, "password"),
                         std::nullopt};
    if (auto org = body.find("org_unit_id"); org != body.end() && org->is_number_unsigned())
      u.org_unit_id = org->get<std::uint64_t>();
    auto id = register_resident(a, u, req.remote);
    return http::json_reply(nlohmann::json{{"id", id}, {"username", u.username}}.dump(), 201);
  });

  r.add("GET", "/api/v1/me",
        [](http::request& req) -> http::reply { return http::json_reply(session_json(require_user(req)).dump()); });

  r.add("DELETE", "/api/v1/sessions", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    a.sessions.destroy_all(who.user_id);
    http::reply rep;
    rep.status = 204;
    clear_session_cookie(a, rep);
    return rep;
  });

  r.add("PUT", "/api/v1/me", [&a](http::request& req) -> http::reply {
    auto who = require_user(req);
    auto body = json_body(req);
    std::optional<std::uint64_t> unit;
    const bool change_home = body.contains("org_unit_id");  // absent: the home stays as it is
    if (auto org = body.find("org_unit_id"); org != body.end() && !org->is_null()) {
      if (!org->is_number_unsigned()) throw http::bad_request("errors.unit_unknown", "org_unit_id");
      unit = org->get<std::uint64_t>();
    }
    const auto name = json_text(body, "display_name");
    a.users.update_profile(who.user_id, name, unit, change_home);
    refresh_sessions(a, who.user_id);
    who.display_name = name;
    return http::json_reply(session_json(who).dump());
  });

  // A new password ends every session, this one included, and starts a fresh one here.
  r.add("PUT", "/api/v1/me/password", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    auto body = json_body(req);
    auto fresh =
        replace_password(a, who, json_text(body, "current_password"), json_text(body, "new_password"), req.remote);
    auto rep = http::json_reply(session_json(fresh).dump());
    add_session_cookie(a, rep, fresh);
    return rep;
  });
}

}  // namespace lifelong::handlers
