#include "transcoder_metrics.hpp"

#include <prometheus/counter.h>
#include <prometheus/exposer.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include "common/transcode_job.hpp"

namespace lifelong::transcoder {

struct transcoder_metrics::families {
  prometheus::Family<prometheus::Counter>& jobs;
  prometheus::Family<prometheus::Counter>& encoder_exits;
  prometheus::Histogram& speed;
  prometheus::Histogram& upload_to_ready;
};

transcoder_metrics::transcoder_metrics(redis_pool& redis) {
  auto& r = registry_.registry();
  auto& speed = prometheus::BuildHistogram()
                    .Name("lifelong_transcode_speed_ratio")
                    .Help("Seconds of video encoded per second of real time (× real time), per job")
                    .Register(r);
  auto& ready = prometheus::BuildHistogram()
                    .Name("lifelong_transcode_upload_to_ready_seconds")
                    .Help("From the job being queued (the upload finished) to the lesson being ready")
                    .Register(r);
  families_ = std::make_unique<families>(families{
      prometheus::BuildCounter()
          .Name("lifelong_transcode_jobs_total")
          .Help("Jobs handled, by outcome: ready, failed, obsolete, malformed, gave_up, stopped")
          .Register(r),
      prometheus::BuildCounter()
          .Name("lifelong_ffmpeg_exits_total")
          .Help("How the encoding ffmpeg ended: ok, error, killed (a signal or a limit), stopped")
          .Register(r),
      speed.Add({}, prometheus::Histogram::BucketBoundaries{0.25, 0.5, 1, 2, 4, 8, 16, 32}),
      ready.Add({}, prometheus::Histogram::BucketBoundaries{5, 15, 30, 60, 120, 300, 600, 1800, 3600}),
  });
  registry_.add_reading({"lifelong_transcode_queue_length",
                         "Jobs in the stream: waiting and in progress (done ones are deleted)",
                         metric_reading::kind::gauge, [&redis] {
                           return double(redis.command({"XLEN", transcode_stream}).integer);
                         }});
  registry_.add_reading({"lifelong_transcode_pending", "Jobs delivered to a worker and not yet finished",
                         metric_reading::kind::gauge, [&redis] {
                           auto summary = redis.command({"XPENDING", transcode_stream, transcode_group});
                           return summary.elements.empty() ? 0.0 : double(summary.elements[0].integer);
                         }});
}

transcoder_metrics::~transcoder_metrics() = default;

void transcoder_metrics::job_done(std::string_view outcome) {
  families_->jobs.Add({{"outcome", std::string(outcome)}}).Increment();
}

void transcoder_metrics::encoded(std::chrono::duration<double> media, std::chrono::duration<double> wall) {
  if (wall.count() > 0) families_->speed.Observe(media / wall);
}

void transcoder_metrics::upload_to_ready(std::chrono::duration<double> took) {
  families_->upload_to_ready.Observe(took.count());
}

void transcoder_metrics::encoder_exited(std::string_view how) {
  families_->encoder_exits.Add({{"how", std::string(how)}}).Increment();
}

void transcoder_metrics::listen(const std::string& address, const std::string& token) {
  exposer_ = std::make_unique<prometheus::Exposer>(address, 1);
  // The check is in place before anything can be read.
  if (!token.empty())
    exposer_->RegisterAuth(
        [token](const std::string&, const std::string& password) { return metrics_password_matches(password, token); });
  for (const auto& c : registry_.collectables()) exposer_->RegisterCollectable(c);
}

}  // namespace lifelong::transcoder
