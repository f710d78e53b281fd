#include "ffmpeg_command.hpp"

#include <cstdio>

namespace lifelong::transcoder {
namespace {
std::string kbps(int v) {
  return std::to_string(v) + "k";
}
}  // namespace

ladder_job make_ladder_job(std::string source, std::string container, std::vector<rung> ladder,
                           bool source_has_audio) {
  ladder_job job;
  job.source = std::move(source);
  job.container = std::move(container);
  job.ladder = std::move(ladder);
  job.source_has_audio = source_has_audio;
  return job;
}

std::vector<std::string> source_input(const std::string& container, const std::string& path) {
  return {"-f", container, "-protocol_whitelist", "file", "-i", "file:" + path};
}

std::vector<std::string> hls_ladder_args(const std::string& ffmpeg, const ladder_job& job) {
  const auto n = job.ladder.size();
  std::vector<std::string> a{ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y"};
  for (auto& arg : source_input(job.container, job.source)) a.push_back(std::move(arg));
  // A source without sound gets a silent track, so every player sees the same layout.
  if (!job.source_has_audio) {
    a.insert(a.end(), {"-f", "lavfi", "-i", "anullsrc=channel_layout=stereo:sample_rate=48000"});
  }
  const std::size_t branches = n + (job.thumbnails ? 1 : 0);
  std::string graph = "[0:v]split=" + std::to_string(branches);
  for (std::size_t i = 0; i < branches; ++i) graph += "[s" + std::to_string(i) + "]";
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = job.ladder[i];
    graph += ";[s" + std::to_string(i) + "]scale=" + std::to_string(r.width) + ":" + std::to_string(r.height) +
             ",setsar=1,format=yuv420p[v" + std::to_string(i) + "]";
  }
  if (const auto& t = job.thumbnails) {
    graph += ";[s" + std::to_string(n) + "]fps=1/" + std::to_string(t->interval_seconds) +
             ",scale=" + std::to_string(t->width) + ":" + std::to_string(t->height) +
             ",tile=" + std::to_string(t->columns) + "x" + std::to_string(t->rows) + "[thumbs]";
  }
  a.insert(a.end(), {"-filter_complex", graph});
  for (std::size_t i = 0; i < n; ++i) a.insert(a.end(), {"-map", "[v" + std::to_string(i) + "]"});
  const std::string audio = job.source_has_audio ? "0:a:0" : "1:a:0";
  for (std::size_t i = 0; i < n; ++i) a.insert(a.end(), {"-map", audio});
  if (!job.source_has_audio) a.push_back("-shortest");

  char gop[64];
  std::snprintf(gop, sizeof gop, "expr:gte(t,n_forced*%g)", job.keyframe_seconds);
  a.insert(a.end(), {"-c:v", "libx264", "-profile:v", "high", "-preset", "veryfast", "-force_key_frames", gop,
                     "-sc_threshold", "0", "-c:a", "aac", "-ac", "2", "-ar", "48000"});
  if (job.threads > 0) a.insert(a.end(), {"-threads", std::to_string(job.threads)});
  for (std::size_t i = 0; i < n; ++i) {
    const auto& r = job.ladder[i];
    const auto idx = std::to_string(i);
    // BANDWIDTH in the master playlist comes from these: always set them.
    a.insert(a.end(), {"-b:v:" + idx, kbps(r.video_kbps), "-maxrate:v:" + idx, kbps(r.video_kbps * 107 / 100),
                       "-bufsize:v:" + idx, kbps(r.video_kbps * 2), "-b:a:" + idx, kbps(r.audio_kbps)});
  }
  std::string stream_map;
  for (std::size_t i = 0; i < n; ++i)
    stream_map += (i ? " " : "") + std::string("v:") + std::to_string(i) + ",a:" + std::to_string(i);
  a.insert(a.end(), {"-f",
                     "hls",
                     "-hls_time",
                     std::to_string(job.segment_seconds),
                     "-hls_playlist_type",
                     "vod",
                     "-hls_segment_type",
                     "fmp4",
                     "-hls_flags",
                     "independent_segments",
                     "-hls_fmp4_init_filename",
                     "init.mp4",
                     "-master_pl_name",
                     "master.m3u8",
                     "-var_stream_map",
                     stream_map,
                     "-hls_segment_filename",
                     "r%v/seg_%05d.m4s",
                     "-progress",
                     "pipe:1",
                     "-nostats",
                     "r%v/index.m3u8"});
  if (job.thumbnails)  // a second output of the same process: the frames are decoded once
    a.insert(a.end(), {"-map", "[thumbs]", "-c:v", "mjpeg", "-q:v", "5", "-f", "image2", "sprite_%03d.jpg"});
  return a;
}

std::vector<std::string> fallback_mp4_args(const std::string& ffmpeg, const std::string& rung_playlist,
                                           const std::string& output) {
  // Our own playlist of our own segments, read through the file protocol only.
  return {ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-protocol_whitelist", "file", "-f", "hls",
          "-i", "file:" + rung_playlist, "-map", "0", "-c", "copy", "-movflags", "+faststart", output};
}

std::vector<std::string> poster_args(const std::string& ffmpeg, const ladder_job& job, double at_seconds,
                                     const rung& size, const std::string& output) {
  char at[32];
  std::snprintf(at, sizeof at, "%.3f", at_seconds);
  std::vector<std::string> a{ffmpeg, "-hide_banner", "-nostdin", "-loglevel", "error", "-y", "-ss", at};
  for (auto& arg : source_input(job.container, job.source)) a.push_back(std::move(arg));
  a.insert(a.end(), {"-frames:v", "1", "-vf", "scale=" + std::to_string(size.width) + ":" + std::to_string(size.height),
                     "-q:v", "4", output});
  return a;
}

}  // namespace lifelong::transcoder
