#include "pipeline.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>
#include <optional>

#include "common/child_process.hpp"
#include "common/tokens.hpp"
#include "ffmpeg_command.hpp"
#include "ladder.hpp"
#include "thumbnails.hpp"

namespace fs = std::filesystem;

namespace lifelong::transcoder {

std::optional<long long> progress_time_us(const std::string& line) {
  constexpr std::string_view key = "out_time_us=";
  if (line.compare(0, key.size(), key) != 0) return std::nullopt;
  try {
    return std::stoll(line.substr(key.size()));
  } catch (const std::exception&) {
    return std::nullopt;  // "N/A" before the first frame
  }
}

child_limits encoder_limits(std::uint32_t duration_ms) {
  const std::uint64_t seconds = duration_ms / 1000 + 1;
  child_limits l;
  // Generous for a real video (the whole ladder of a 4K source, on a slow machine),
  // tight enough that a file crafted to make ffmpeg spin or balloon cannot keep a
  // worker from the next lesson.
  l.cpu_seconds = 120 + 60 * seconds;
  l.deadline = std::chrono::seconds(600 + 20 * seconds);
  l.address_space_bytes = 8ULL << 30;
  l.open_files = 256;
  l.file_size_bytes = 4ULL << 30;
  return l;
}

pipeline_result run_pipeline(const std::string& source, const fs::path& output_dir, const pipeline_settings& settings,
                             const std::function<void(int)>& progress) {
  pipeline_result result;
  const auto probed = probe_file(source, settings.limits);
  if (!probed.ok()) {
    result.failure = probed.failure;
    return result;
  }
  result.duration_ms = probed.duration_ms;
  if (fs::exists(output_dir)) return result;  // published by an earlier run of this job

  const auto ladder = plan_ladder(probed.width, probed.height, probed.fps);
  result.rungs = ladder.size();
  fs::create_directories(output_dir.parent_path());
  // A worker killed in the middle of this job left its half-written folder: the job is
  // being done again now, so that folder is of no use.
  const auto stale_prefix = ".tmp-" + output_dir.filename().string() + "-";
  std::error_code ignored;
  for (const auto& entry : fs::directory_iterator(output_dir.parent_path(), ignored))
    if (entry.path().filename().string().rfind(stale_prefix, 0) == 0) fs::remove_all(entry.path(), ignored);
  const fs::path work =
      output_dir.parent_path() / (".tmp-" + output_dir.filename().string() + "-" + random_token().substr(0, 8));
  fs::create_directories(work);
  for (std::size_t i = 0; i < ladder.size(); ++i) fs::create_directories(work / ("r" + std::to_string(i)));

  auto job = make_ladder_job(fs::absolute(source).string(), probed.container, ladder, probed.has_audio);
  job.threads = settings.threads;
  job.thumbnails = plan_thumbnails(probed.width, probed.height);
  run_options options;
  options.working_dir = work.string();
  options.stderr_path = (work / "ffmpeg.log").string();
  options.niceness = settings.niceness;
  options.cancel = settings.cancel;
  options.limits = encoder_limits(probed.duration_ms);
  auto encoded = run_child(hls_ladder_args(settings.ffmpeg, job), options, [&](const std::string& line) {
    auto us = progress_time_us(line);
    if (!us || probed.duration_ms == 0) return;
    int pct = static_cast<int>(std::clamp(*us / 10.0 / probed.duration_ms, 0.0, 99.0));
    if (progress) progress(pct);
  });

  result.encoder_end = encoded.ok()             ? "ok"
                       : encoded.cancelled      ? "stopped"
                       : encoded.exit_code >= 0 ? "error"
                                                : "killed";
  if (encoded.ok()) {
    // The poster comes from the rung nearest 720 on the short side, or the top one.
    auto poster_size = ladder.front();
    for (const auto& r : ladder)
      if (std::min(r.width, r.height) <= 720) {
        poster_size = r;
        break;
      }
    const double at = std::min(1.0, probed.duration_ms / 3000.0);
    options.stderr_path = (work / "poster.log").string();
    auto poster = run_child(poster_args(settings.ffmpeg, job, at, poster_size, "poster.jpg"), options);
    if (!poster.ok()) spdlog::warn("poster for {} failed; the lesson plays without one", source);
    std::ofstream(work / "thumbnails.vtt") << thumbnails_vtt(probed.duration_ms, *job.thumbnails);
    options.stderr_path = (work / "fallback.log").string();
    const auto lowest = "r" + std::to_string(ladder.size() - 1) + "/index.m3u8";
    auto fallback = run_child(fallback_mp4_args(settings.ffmpeg, lowest, "fallback.mp4"), options);
    if (!fallback.ok()) spdlog::warn("fallback MP4 for {} failed; old players cannot play it", source);
  }
  if (!encoded.ok() || !fs::exists(work / "master.m3u8")) {
    result.cancelled = encoded.cancelled;
    if (!encoded.cancelled) {
      result.failure = "transcode_failed";
      spdlog::error("ffmpeg failed on {} (exit {}, timed out {}); log kept in {}", source, encoded.exit_code,
                    encoded.timed_out, work.string());
    } else {
      fs::remove_all(work);
    }
    return result;
  }
  fs::remove(work / "ffmpeg.log");
  fs::remove(work / "poster.log");
  fs::remove(work / "fallback.log");
  std::error_code ec;
  fs::rename(work, output_dir, ec);  // atomic: the folder appears complete or not at all
  if (ec && !fs::exists(output_dir)) {
    result.failure = "transcode_failed";
    spdlog::error("cannot publish {}: {}", output_dir.string(), ec.message());
  }
  if (ec) fs::remove_all(work);
  if (progress) progress(100);
  return result;
}

}  // namespace lifelong::transcoder
