#pragma once
// The server's own metrics: requests by route pattern, method and status, their latency,
// the blocking pool's waits, bytes of uploads received. What pools and caches already
// count is added as readings (app.cpp's register_readings). Thread-safe; prometheus-cpp
// stays inside the .cpp.
#include <chrono>
#include <cstdint>
#include <memory>
#include <string_view>

#include "common/metrics.hpp"

namespace lifelong::observe {

class server_metrics {
 public:
  server_metrics();
  ~server_metrics();
  server_metrics(const server_metrics&) = delete;
  server_metrics& operator=(const server_metrics&) = delete;

  metrics_registry& registry() { return registry_; }
  // `route` is the pattern ("/courses/{id}"), or "unmatched" for a path none has.
  void request_done(std::string_view route, std::string_view method, int status, std::chrono::duration<double> took);
  void upload_received(std::uint64_t bytes);
  void blocking_waited(std::chrono::duration<double> waited);

 private:
  struct families;
  metrics_registry registry_;
  std::unique_ptr<families> families_;
};

}  // namespace lifelong::observe
