#pragma once
// The transcoder's metrics, served by a listener of its own ([metrics] transcoder_listen):
// jobs by outcome, the queue read from Redis when scraped, encode speed as × real time,
// time from upload to ready, and how the encoder exited.
#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "common/metrics.hpp"
#include "common/redis_client.hpp"

namespace prometheus {
class Exposer;
}

namespace lifelong::transcoder {

class transcoder_metrics {
 public:
  explicit transcoder_metrics(redis_pool& redis);
  ~transcoder_metrics();
  transcoder_metrics(const transcoder_metrics&) = delete;
  transcoder_metrics& operator=(const transcoder_metrics&) = delete;

  // ready, failed, obsolete, malformed, gave_up (delivered too often), stopped
  void job_done(std::string_view outcome);
  // An encode of `media` length that took `wall` of real time.
  void encoded(std::chrono::duration<double> media, std::chrono::duration<double> wall);
  void upload_to_ready(std::chrono::duration<double> took);
  // ok, error (exited non-zero), killed (a signal or a limit), stopped (cancelled)
  void encoder_exited(std::string_view how);

  // Serves /metrics on `address` ("127.0.0.1:9465"); with a token, only to requests
  // that carry it as Basic auth's password. Throws when the address cannot be bound.
  void listen(const std::string& address, const std::string& token);
  metrics_registry& registry() { return registry_; }

 private:
  struct families;
  metrics_registry registry_;
  std::unique_ptr<families> families_;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace lifelong::transcoder
