// An administrator of a unit (its reviewer, or a site administrator) makes a resident a
// teacher of that unit or of one below it: POST /api/v1/units/{id}/teachers {username}.
#include "auth_common.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {

void add_unit_api(http::router& r, app& a) {
  r.add("POST", "/api/v1/units/{id}/teachers", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto unit = req.id_param("id");
    const auto& who = require_user(req);
    auto body = json_body(req);
    const auto username = json_text(body, "username");
    auto teacher = co_await net::offload(a.blocking, [&] {
      const auto path = a.users.unit_path(unit);
      if (path.empty()) throw http::not_found();
      if (!who.administers(path)) throw http::forbidden();
      auto person = a.users.find_by_username(username);
      if (!person) throw http::http_error(404, "not_found", "errors.user_unknown");
      a.users.grant_role(person->id, "teacher", unit);
      refresh_sessions(a, person->id);  // the new role works without signing in again
      return *person;
    });
    co_return http::json_reply(
        nlohmann::json{{"user_id", teacher.id}, {"username", teacher.username}, {"role", "teacher"}, {"unit_id", unit}}
            .dump());
  });
}

}  // namespace lifelong::handlers
