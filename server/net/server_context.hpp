#pragma once
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "../http/router.hpp"

namespace lifelong::net {

// The application side a connection talks to.
class dispatcher {
 public:
  virtual ~dispatcher() = default;
  virtual http::match_result route(http::request& req) = 0;
  virtual boost::asio::awaitable<std::optional<http::reply>> admit(http::request& req, const http::route& r) = 0;
  virtual boost::asio::awaitable<http::reply> handle(http::request& req, const http::route& r) = 0;
  // A reply for an error found before any handler ran (400, 404, 405, 413, 431).
  virtual http::reply early_error(http::request& req, int status) = 0;
  // After the reply went out (or the connection broke: status 0), for the metrics.
  // `r` is null for a path no route has.
  virtual void finished(const http::request& req, const http::route* r, int status,
                        std::chrono::steady_clock::duration took) = 0;
};

struct connection_limits {
  std::uint64_t max_body_bytes = 1 << 20;  // buffered bodies: forms and JSON
  std::uint64_t max_upload_bytes = 0;
  std::string upload_dir;  // streamed bodies land here first
  int idle_seconds = 60;
};

struct server_state {
  std::atomic<int> active_requests{0};
  std::atomic<bool> stopping{false};
};

}  // namespace lifelong::net
