#include "server_metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <string>

namespace lifelong::observe {

struct server_metrics::families {
  prometheus::Family<prometheus::Counter>& requests;
  prometheus::Family<prometheus::Histogram>& latency;
  prometheus::Counter& upload_bytes;
  prometheus::Histogram& blocking_wait;
};

namespace {
// From a cached page (a millisecond) to a slow report (seconds).
const prometheus::Histogram::BucketBoundaries latency_buckets{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                              0.1,   0.25,   0.5,   1,    2.5,   10};
}  // namespace

server_metrics::server_metrics() {
  auto& r = registry_.registry();
  auto& uploads = prometheus::BuildCounter()
                      .Name("lifelong_upload_bytes_received_total")
                      .Help("Bytes of video and caption uploads received (tus PATCH bodies and whole files)")
                      .Register(r);
  auto& waits = prometheus::BuildHistogram()
                    .Name("lifelong_blocking_wait_seconds")
                    .Help("How long a call waited for a thread of the blocking pool (MySQL, Redis, hashing)")
                    .Register(r);
  families_ = std::make_unique<families>(families{
      prometheus::BuildCounter()
          .Name("lifelong_http_requests_total")
          .Help("Requests answered, by route pattern, method and status")
          .Register(r),
      prometheus::BuildHistogram()
          .Name("lifelong_http_request_duration_seconds")
          .Help("From the request's header read to its reply written, by route pattern")
          .Register(r),
      uploads.Add({}),
      waits.Add({}, latency_buckets),
  });
}

server_metrics::~server_metrics() = default;

void server_metrics::request_done(std::string_view route, std::string_view method, int status,
                                  std::chrono::duration<double> took) {
  const std::string pattern(route);
  families_->requests.Add({{"route", pattern}, {"method", std::string(method)}, {"status", std::to_string(status)}})
      .Increment();
  families_->latency.Add({{"route", pattern}}, latency_buckets).Observe(took.count());
}

void server_metrics::upload_received(std::uint64_t bytes) {
  families_->upload_bytes.Increment(static_cast<double>(bytes));
}

void server_metrics::blocking_waited(std::chrono::duration<double> waited) {
  families_->blocking_wait.Observe(waited.count());
}

}  // namespace lifelong::observe
