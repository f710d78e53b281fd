#pragma once
// One lesson's video from source file to a published folder: probe, plan the ladder,
// encode with one ffmpeg process, take a poster, then publish by an atomic rename so
// no half-written lesson is ever served.
#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "common/child_process.hpp"
#include "probe.hpp"

namespace lifelong::transcoder {

struct pipeline_settings {
  std::string ffmpeg = "ffmpeg";
  int threads = 0;
  int niceness = 0;
  probe_limits limits;
  const std::atomic<bool>* cancel = nullptr;
};

struct pipeline_result {
  std::string failure;  // empty on success; a code from probe or "transcode_failed"
  bool cancelled = false;
  std::uint32_t duration_ms = 0;
  std::size_t rungs = 0;
  // How the encoding ffmpeg ended: ok, error, killed, stopped; empty if it never ran.
  std::string encoder_end;
  bool ok() const { return failure.empty() && !cancelled; }
};

// Output lands in <output_dir> (which must not exist yet; its parent is created).
// progress receives whole percents on every progress line ffmpeg writes (about twice a
// second), the same percent again while a slow part encodes: each call says it is alive.
pipeline_result run_pipeline(const std::string& source, const std::filesystem::path& output_dir,
                             const pipeline_settings& settings, const std::function<void(int)>& progress = {});

// The limits every ffmpeg of a job runs under, from the probed duration.
child_limits encoder_limits(std::uint32_t duration_ms);

// Parses one line of ffmpeg's -progress output; returns microseconds for out_time_us.
std::optional<long long> progress_time_us(const std::string& line);

}  // namespace lifelong::transcoder
