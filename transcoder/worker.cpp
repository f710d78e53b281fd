#include "worker.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>

namespace lifelong::transcoder {
namespace {

// [[id, [field, value, ...]], ...] → the first entry with a "job" field.
std::optional<std::pair<std::string, std::string>> first_entry(const redis_value& entries) {
  for (const auto& e : entries.elements) {
    if (e.elements.size() < 2) continue;
    const auto& fields = e.elements[1].elements;
    for (std::size_t i = 0; i + 1 < fields.size(); i += 2)
      if (fields[i].str == "job") return std::make_pair(e.elements[0].str, fields[i + 1].str);
    return std::make_pair(e.elements[0].str, std::string());
  }
  return std::nullopt;
}

// A stream entry's id starts with the milliseconds of its XADD: when the upload finished.
std::chrono::system_clock::time_point queued_at(const std::string& id) {
  const auto ms = std::strtoll(id.c_str(), nullptr, 10);
  return std::chrono::system_clock::time_point(std::chrono::milliseconds(ms));
}

}  // namespace

worker::worker(worker_settings settings, redis_pool& redis, lesson_store& lessons)
    : settings_(std::move(settings)),
      redis_(redis),
      lessons_(lessons),
      heartbeat_(redis, settings_.consumer,
                 std::max(std::chrono::seconds(30), std::chrono::seconds(3 * settings_.block_ms / 1000))) {}

void worker::ensure_group() {
  try {
    // From "0", not "$": jobs queued before any transcoder ever ran are not skipped.
    redis_.command({"XGROUP", "CREATE", transcode_stream, transcode_group, "0", "MKSTREAM"});
  } catch (const redis_error& e) {
    if (std::string(e.what()).find("BUSYGROUP") == std::string::npos) throw;
  }
}

int worker::deliveries(const std::string& id) {
  auto r = redis_.command({"XPENDING", transcode_stream, transcode_group, id, id, "1"});
  if (r.elements.empty() || r.elements[0].elements.size() < 4) return 0;
  return static_cast<int>(r.elements[0].elements[3].integer);
}

std::optional<worker::entry> worker::next_entry() {
  if (!checked_own_pending_) {
    auto mine = redis_.command(
        {"XREADGROUP", "GROUP", transcode_group, settings_.consumer, "COUNT", "1", "STREAMS", transcode_stream, "0"});
    if (!mine.is_nil() && !mine.elements.empty() && mine.elements[0].elements.size() > 1)
      if (auto e = first_entry(mine.elements[0].elements[1])) return entry{e->first, e->second};
    checked_own_pending_ = true;
  }
  auto claimed = redis_.command({"XAUTOCLAIM", transcode_stream, transcode_group, settings_.consumer,
                                 std::to_string(settings_.claim_idle_seconds * 1000LL), "0-0", "COUNT", "1"});
  if (claimed.elements.size() >= 2)
    if (auto e = first_entry(claimed.elements[1])) {
      spdlog::warn("took over job {} from a silent worker", e->first);
      return entry{e->first, e->second};
    }
  auto fresh = redis_.command({"XREADGROUP", "GROUP", transcode_group, settings_.consumer, "COUNT", "1", "BLOCK",
                               std::to_string(settings_.block_ms), "STREAMS", transcode_stream, ">"});
  if (fresh.is_nil() || fresh.elements.empty() || fresh.elements[0].elements.size() < 2) return std::nullopt;
  if (auto e = first_entry(fresh.elements[0].elements[1])) return entry{e->first, e->second};
  return std::nullopt;
}

bool worker::run_once() {
  heartbeat_.idle();
  auto e = next_entry();
  if (!e) return false;
  handle(*e);
  return true;
}

void worker::handle(const entry& e) {
  // Done entries are deleted, so the stream holds only jobs waiting or in progress.
  auto ack = [&] {
    redis_.command({"XACK", transcode_stream, transcode_group, e.id});
    redis_.command({"XDEL", transcode_stream, e.id});
  };
  auto job = parse_job(e.payload);
  if (!job) {
    spdlog::error("job {} is malformed; dropped: {}", e.id, e.payload);
    count("malformed");
    ack();
    return;
  }
  if (deliveries(e.id) > settings_.max_deliveries) {
    spdlog::error("job {} for lesson {} was delivered too often; marking it failed", e.id, job->lesson_id);
    lessons_.failed(job->lesson_id, job->media_version, "transcode_failed");
    count("gave_up");
    ack();
    return;
  }
  if (!lessons_.begin(job->lesson_id, job->media_version)) {
    spdlog::info("job {} for lesson {} v{} is obsolete or done; skipped", e.id, job->lesson_id, job->media_version);
    count("obsolete");
    ack();
    return;
  }
  spdlog::info("lesson {} v{}: transcoding {}", job->lesson_id, job->media_version, job->source_path);
  const auto output =
      settings_.media_dir / "videos" / std::to_string(job->lesson_id) / ("v" + std::to_string(job->media_version));
  heartbeat_.working(job->lesson_id, job->media_version, 0);
  const auto started = std::chrono::steady_clock::now();
  auto last_report = started;
  int reported_pct = -1;
  auto result = run_pipeline(job->source_path, output, settings_.pipeline, [&](int pct) {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_report < std::chrono::seconds(1) && pct < 100) return;
    last_report = now;
    if (pct != reported_pct) lessons_.progress(job->lesson_id, job->media_version, pct);
    reported_pct = pct;
    // Said every second even while the percent stands still, so neither the heartbeat
    // nor the claim on the job lapses during a slow stretch of a long lesson.
    heartbeat_.working(job->lesson_id, job->media_version, pct);
    // Re-claiming our own entry resets its idle time: a long job is not taken over.
    redis_.command({"XCLAIM", transcode_stream, transcode_group, settings_.consumer, "0", e.id, "JUSTID"});
  });
  if (settings_.metrics && !result.encoder_end.empty()) settings_.metrics->encoder_exited(result.encoder_end);
  if (result.cancelled) {
    spdlog::info("lesson {}: stopped; the job stays pending and resumes on restart", job->lesson_id);
    count("stopped");
    return;
  }
  if (result.ok()) {
    lessons_.ready(job->lesson_id, job->media_version, result.duration_ms);
    count("ready");
    if (settings_.metrics) {
      settings_.metrics->encoded(std::chrono::milliseconds(result.duration_ms),
                                 std::chrono::steady_clock::now() - started);
      settings_.metrics->upload_to_ready(std::chrono::system_clock::now() - queued_at(e.id));
    }
    spdlog::info("lesson {} v{}: ready ({} rungs, {} ms)", job->lesson_id, job->media_version, result.rungs,
                 result.duration_ms);
  } else {
    lessons_.failed(job->lesson_id, job->media_version, result.failure);
    count("failed");
    spdlog::warn("lesson {} v{}: failed: {}", job->lesson_id, job->media_version, result.failure);
  }
  ack();
}

}  // namespace lifelong::transcoder
