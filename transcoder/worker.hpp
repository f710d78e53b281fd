#pragma once
// Consumes transcode jobs from the Redis stream as one member of a consumer group:
// its own unacknowledged jobs first (after a crash), then jobs held too long by a
// silent worker, then new ones. A job is acknowledged only once its outcome is stored.
#include <atomic>
#include <filesystem>
#include <string>

#include "common/config.hpp"
#include "common/redis_client.hpp"
#include "common/transcode_job.hpp"
#include "heartbeat.hpp"
#include "lesson_store.hpp"
#include "pipeline.hpp"
#include "transcoder_metrics.hpp"

namespace lifelong::transcoder {

struct worker_settings {
  std::string consumer;  // stable per worker, so a restart finds its own pending jobs
  std::filesystem::path media_dir;
  pipeline_settings pipeline;
  int claim_idle_seconds = 900;
  int block_ms = 2000;
  int max_deliveries = 3;                 // a job that keeps killing workers is failed after this
  transcoder_metrics* metrics = nullptr;  // none in tests that do not look
};

class worker {
 public:
  worker(worker_settings settings, redis_pool& redis, lesson_store& lessons);

  void ensure_group();
  // Waits up to block_ms for a job and handles at most one. True if one was handled.
  bool run_once();

 private:
  struct entry {
    std::string id;
    std::string payload;
  };
  std::optional<entry> next_entry();
  void handle(const entry& e);
  int deliveries(const std::string& id);
  void count(std::string_view outcome) {
    if (settings_.metrics) settings_.metrics->job_done(outcome);
  }

  worker_settings settings_;
  redis_pool& redis_;
  lesson_store& lessons_;
  bool checked_own_pending_ = false;
  heartbeat heartbeat_;
};

}  // namespace lifelong::transcoder
