// /healthz: the process is up. /readyz: MySQL and Redis both answer.
#include "routes.hpp"

namespace lifelong::handlers {

void add_health_routes(http::router& r, app& a) {
  r.add_quick("GET", "/healthz", true,
              [](http::request&) -> std::optional<http::reply> { return http::json_reply(R"({"status":"ok"})"); });
  r.add("GET", "/readyz", [&a](http::request&) {
    std::vector<std::string> down;
    try {
      a.db.ping();
    } catch (const std::exception&) {
      down.push_back("mysql");
    }
    try {
      a.redis.command({"PING"});
    } catch (const std::exception&) {
      down.push_back("redis");
    }
    if (down.empty()) return http::json_reply(R"({"status":"ready"})");
    return http::json_reply(nlohmann::json{{"status", "unavailable"}, {"down", down}}.dump(), 503);
  });
}

}  // namespace lifelong::handlers
