// GET /metrics: the Prometheus text format. Answered to loopback requests that reached the
// server directly, and to any that carry [metrics] token; to everyone else it does not
// exist (404). The edge refuses the path as well (deploy/nginx).
#include "http/errors.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {

bool loopback(const std::string& address) {
  return address == "::1" || address.rfind("127.", 0) == 0 || address.rfind("::ffff:127.", 0) == 0;
}

}  // namespace

bool may_read_metrics(const http::request& req, const std::string& token) {
  // A request through a proxy on this host comes from loopback too: it names its client.
  const bool direct = req.header("x-forwarded-for").empty() && req.header("forwarded").empty();
  return (direct && loopback(req.peer)) || metrics_token_matches(req.header("authorization"), token);
}

void add_metrics_routes(http::router& r, app& a) {
  // Quick: the answer depends on the connection, never on a session, and reads memory only.
  r.add_quick("GET", "/metrics", true, [&a](http::request& req) -> std::optional<http::reply> {
    if (!may_read_metrics(req, a.cfg.metrics.token)) throw http::not_found();
    http::reply rep;
    rep.body = a.metrics.registry().text();
    rep.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8").header("Cache-Control", "no-store");
    return rep;
  });
}

}  // namespace lifelong::handlers
