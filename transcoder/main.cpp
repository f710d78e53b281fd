// lifelong-transcoder: takes jobs off the Redis stream until SIGTERM/SIGINT. A job in
// progress at that moment is left pending and is picked up again on restart.
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "common/logging.hpp"
#include "common/migrations.hpp"
#include "common/pool_readings.hpp"
#include "common/tokens.hpp"
#include "transcoder_metrics.hpp"
#include "watchdog.hpp"
#include "worker.hpp"

namespace {
std::atomic<bool> stop_requested{false};
void on_signal(int) {
  stop_requested = true;
}

std::string default_consumer() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  return host;
}

// One worker's loop until stopped; the first also sweeps for stuck lessons.
void run_worker(lifelong::transcoder::worker& worker, lifelong::transcoder::watchdog* watchdog) {
  auto next_sweep = std::chrono::steady_clock::now();
  while (!stop_requested) {
    try {
      worker.ensure_group();
      while (!stop_requested) {
        if (watchdog && std::chrono::steady_clock::now() >= next_sweep) {
          watchdog->sweep();
          next_sweep = std::chrono::steady_clock::now() + std::chrono::minutes(1);
        }
        worker.run_once();
      }
    } catch (const std::exception& e) {
      // Redis or MySQL went away: wait and try again rather than exit.
      spdlog::error("{}; retrying in 2 s", e.what());
      for (int i = 0; i < 20 && !stop_requested; ++i) usleep(100000);
    }
  }
}
}  // namespace

// lifelong-transcoder --once SOURCE OUTPUT_DIR [CONFIG]: transcodes one file into a new
// folder and exits (for operators and the benchmark); no queue, no database.
int run_once(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: lifelong-transcoder --once SOURCE OUTPUT_DIR [CONFIG]\n";
    return 2;
  }
  const auto cfg = lifelong::load_config(argc > 4 ? argv[4] : "config/lifelong.toml");
  lifelong::transcoder::pipeline_settings ps;
  ps.ffmpeg = cfg.transcoder.ffmpeg;
  ps.threads = cfg.transcoder.ffmpeg_threads;
  ps.limits.max_duration_ms = static_cast<std::uint32_t>(cfg.transcoder.max_duration_minutes) * 60000;
  ps.limits.max_height = cfg.transcoder.max_height;
  auto result = lifelong::transcoder::run_pipeline(argv[2], argv[3], ps);
  if (!result.ok()) {
    std::cerr << "lifelong-transcoder: " << (result.failure.empty() ? "stopped" : result.failure) << "\n";
    return 1;
  }
  std::cout << result.rungs << " rungs, " << result.duration_ms << " ms\n";
  return 0;
}

int main(int argc, char** argv) {
  if (argc > 1 && std::string(argv[1]) == "--once") {
    lifelong::init_crypto();
    return run_once(argc, argv);
  }
  const std::string config_path = argc > 1 ? argv[1] : "config/lifelong.toml";
  const lifelong::logging_scope logging;  // ends last, after every thread that logs
  try {
    lifelong::init_logging("transcoder");
    lifelong::init_crypto();
    const auto cfg = lifelong::load_config(config_path);
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);

    lifelong::require_schema_if_reachable(cfg.mysql);
    lifelong::mysql_pool db(cfg.mysql);
    lifelong::redis_pool redis(cfg.redis);
    lifelong::transcoder::lesson_store lessons(db, redis);
    lifelong::transcoder::transcoder_metrics metrics(redis);
    lifelong::add_pool_readings(metrics.registry(), "mysql", db.counts());
    lifelong::add_pool_readings(metrics.registry(), "redis", redis.counts());
    if (!cfg.metrics.transcoder_listen.empty()) {
      metrics.listen(cfg.metrics.transcoder_listen, cfg.metrics.token);
      spdlog::info("metrics on http://{}/metrics", cfg.metrics.transcoder_listen);
    }

    lifelong::transcoder::worker_settings ws;
    const auto name = lifelong::process_env("LIFELONG_TRANSCODER_NAME").value_or(default_consumer());
    ws.media_dir = cfg.media.dir;
    ws.claim_idle_seconds = cfg.transcoder.claim_idle_seconds;
    ws.block_ms = cfg.transcoder.block_ms;
    ws.pipeline.ffmpeg = cfg.transcoder.ffmpeg;
    ws.pipeline.threads = cfg.transcoder.ffmpeg_threads;
    ws.pipeline.niceness = cfg.transcoder.niceness;
    ws.pipeline.limits.max_duration_ms = static_cast<std::uint32_t>(cfg.transcoder.max_duration_minutes) * 60000;
    ws.pipeline.limits.max_height = cfg.transcoder.max_height;
    ws.pipeline.cancel = &stop_requested;
    ws.metrics = &metrics;

    lifelong::transcoder::watchdog watchdog(db, redis, cfg.media.dir,
                                            std::chrono::minutes(cfg.transcoder.stuck_minutes));
    // Each concurrent job is a worker of its own, with its own consumer name, so the
    // stream's pending list says which job each one holds.
    std::vector<std::unique_ptr<lifelong::transcoder::worker>> workers;
    for (int i = 0; i < cfg.transcoder.jobs; ++i) {
      // Stable names: a restarted transcoder finds the jobs it held before at once.
      ws.consumer = name + "-" + std::to_string(i + 1);
      workers.push_back(std::make_unique<lifelong::transcoder::worker>(ws, redis, lessons));
    }
    spdlog::info("transcoder {} waiting for jobs ({} at a time)", name, workers.size());
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < workers.size(); ++i) threads.emplace_back([&, i] { run_worker(*workers[i], nullptr); });
    run_worker(*workers[0], &watchdog);
    for (auto& t : threads) t.join();
    spdlog::info("stopped");
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "lifelong-transcoder: " << e.what() << "\n";
    return 1;
  }
}
