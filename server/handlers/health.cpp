// /healthz: the process is up. /readyz: MySQL and Redis both answer.
#include "routes.hpp"

namespace lifelong::handlers {

void add_health_routes(http::router& r, app& a) {
  r.add("GET", "/healthz", [](http::request&) -> boost::asio::awaitable<http::reply> {
    auto rep = http::json_reply(R"({"status":"ok"})");
    co_return rep;
  });
  r.add("GET", "/readyz", [&a](http::request&) -> boost::asio::awaitable<http::reply> {
    auto down = co_await net::offload(a.blocking, [&a] {
      std::vector<std::string> failing;
      try {
        a.db.ping();
      } catch (const std::exception&) {
        failing.push_back("mysql");
      }
      try {
        a.redis.command({"PING"});
      } catch (const std::exception&) {
        failing.push_back("redis");
      }
      return failing;
    });
    if (down.empty()) co_return http::json_reply(R"({"status":"ready"})");
    co_return http::json_reply(nlohmann::json{{"status", "unavailable"}, {"down", down}}.dump(), 503);
  });
}

}  // namespace lifelong::handlers
