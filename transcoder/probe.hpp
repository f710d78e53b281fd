#pragma once
// Looks inside an uploaded file with libavformat (in-process: it only reads headers
// and a few packets) and decides whether it can be transcoded at all.
#include <cstdint>
#include <array>
#include <string>

namespace lifelong::transcoder {

struct probe_limits {
  std::uint32_t max_duration_ms = 120 * 60 * 1000;
  int max_height = 2160;  // of the shorter side, after rotation
};

struct probe_result {
  std::string failure;  // empty when usable, else a code shown to the teacher
  std::uint32_t duration_ms = 0;
  int width = 0, height = 0;  // as displayed: rotation already applied
  int rotation = 0;           // degrees, from the display matrix
  double fps = 0;
  bool has_audio = false;
  std::string video_codec;
  std::string container;  // the demuxer's name, forced on ffmpeg: "mov", "matroska", ...

  bool ok() const { return failure.empty(); }
};

// The containers read at all (libavformat's names): each holds its media inside itself.
// Anything that can name other files or URLs (hls, concat, image2, sdp, tee, ...) is not here.
inline constexpr std::array<const char*, 7> admitted_containers{"mov", "matroska", "avi", "mpegts",
                                                                 "flv", "asf", "mpeg"};
bool admitted_container(const std::string& format);

// Failure codes: not_video, still_image, no_video_stream, unsupported_codec,
// truncated, too_long, resolution_too_high, source_missing.
probe_result probe_file(const std::string& path, const probe_limits& limits);

}  // namespace lifelong::transcoder
