// GET /metrics: the Prometheus text format. Answered to any request that carries
// [metrics] token, and, on a server not behind a proxy, to loopback requests that reached
// it directly; to everyone else it does not exist (404). The edge refuses the path as well (deploy/nginx).
#include "http/errors.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {

bool loopback(const std::string& address) {
  return address == "::1" || address.rfind("127.", 0) == 0 || address.rfind("::ffff:127.", 0) == 0;
}

}  // namespace

bool may_read_metrics(const http::request& req, const std::string& token, bool behind_proxy) {
  if (metrics_token_matches(req.header("authorization"), token)) return true;
  // A request through a proxy on this host comes from loopback too: it names its client.
  const bool direct = req.header("x-forwarded-for").empty() && req.header("forwarded").empty();
  return !behind_proxy && direct && loopback(req.peer);
}

void add_metrics_routes(http::router& r, app& a) {
  // Quick: the answer depends on the connection, never on a session, and reads memory only.
  r.add_quick("GET", "/metrics", true, [&a](http::request& req) -> std::optional<http::reply> {
    if (!may_read_metrics(req, a.cfg.metrics.token, a.cfg.server.trust_proxy)) throw http::not_found();
    http::reply rep;
    rep.body = a.metrics.registry().text();
    rep.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8").header("Cache-Control", "no-store");
    return rep;
  });
}

}  // namespace lifelong::handlers
