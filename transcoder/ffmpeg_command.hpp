#pragma once
// The ffmpeg argument lists, built as data so tests can read them.
#include <optional>
#include <string>
#include <vector>

#include "ladder.hpp"
#include "thumbnails.hpp"

namespace lifelong::transcoder {

struct ladder_job {
  std::string source;     // absolute path
  std::string container;  // the demuxer the probe admitted, forced here (never guessed again)
  std::vector<rung> ladder;
  bool source_has_audio = true;
  int threads = 0;
  double keyframe_seconds = 2.0;
  int segment_seconds = 4;
  std::optional<thumbnail_plan> thumbnails;  // also write sprite_NNN.jpg from the same decode
};

ladder_job make_ladder_job(std::string source, std::string container, std::vector<rung> ladder,
                           bool source_has_audio);

// How an upload is opened: its own container forced, through the file protocol only, so
// nothing inside it can make ffmpeg open another file or a URL.
std::vector<std::string> source_input(const std::string& container, const std::string& path);

// One process for the whole ladder, run in the output folder: writes master.m3u8 and
// r<N>/index.m3u8, r<N>/init_<N>.mp4 and seg_NNNNN.m4s, with progress on stdout.
std::vector<std::string> hls_ladder_args(const std::string& ffmpeg, const ladder_job& job);

// The lowest rung remuxed (no re-encoding) into a progressive MP4 with the index at the
// front, for players with neither Media Source Extensions nor native HLS.
std::vector<std::string> fallback_mp4_args(const std::string& ffmpeg, const std::string& rung_playlist,
                                           const std::string& output);

// A poster frame from a third of the way in (or 1 s, whichever is earlier).
std::vector<std::string> poster_args(const std::string& ffmpeg, const ladder_job& job, double at_seconds,
                                     const rung& size, const std::string& output);

}  // namespace lifelong::transcoder
