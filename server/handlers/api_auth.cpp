// POST/DELETE /api/v1/session, POST /api/v1/users, GET /api/v1/me.
#include "auth_common.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {
nlohmann::json session_json(const http::session& s) {
  return {{"user", {{"id", s.user_id}, {"username", s.username}, {"display_name", s.display_name}, {"roles", s.roles}}},
          {"csrf_token", s.csrf}};
}
}  // namespace

void add_auth_api(http::router& r, app& a) {
  r.add("POST", "/api/v1/session", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    auto body = json_body(req);
    auto s = co_await sign_in(a, json_text(body, "username"), json_text(body, "password"));
    if (!s) throw http::http_error(401, "login_failed", "errors.login_failed");
    auto rep = http::json_reply(session_json(*s).dump());
    add_session_cookie(a, rep, *s);
    co_return rep;
  });

  r.add("DELETE", "/api/v1/session", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    co_await sign_out(a, req);
    http::reply rep;
    rep.status = 204;
    clear_session_cookie(a, rep);
    co_return rep;
  });

  r.add("POST", "/api/v1/users", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    auto body = json_body(req);
    services::new_user u{json_text(body, "username"), json_text(body, "display_name"), json_text(body, "password"),
                         std::nullopt};
    if (auto org = body.find("org_unit_id"); org != body.end() && org->is_number_unsigned())
      u.org_unit_id = org->get<std::uint64_t>();
    auto id = co_await net::offload(a.blocking, [&] { return a.users.register_user(u); });
    co_return http::json_reply(nlohmann::json{{"id", id}, {"username", u.username}}.dump(), 201);
  });

  r.add("GET", "/api/v1/me", [](http::request& req) -> boost::asio::awaitable<http::reply> {
    co_return http::json_reply(session_json(require_user(req)).dump());
  });
}

}  // namespace lifelong::handlers
