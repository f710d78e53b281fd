#include <gtest/gtest.h>

#include <algorithm>

#include "ffmpeg_command.hpp"
#include "pipeline.hpp"

using namespace lifelong::transcoder;

namespace {
std::string value_after(const std::vector<std::string>& args, const std::string& flag) {
  auto it = std::find(args.begin(), args.end(), flag);
  return it == args.end() || it + 1 == args.end() ? "" : *(it + 1);
}
}  // namespace

TEST(FfmpegCommand, OneProcessForTheWholeLadderWithExplicitBitrates) {
  auto job = make_ladder_job("/in.mp4", "mov", plan_ladder(1280, 720, 30), true);
  auto args = hls_ladder_args("ffmpeg", job);
  EXPECT_EQ(value_after(args, "-var_stream_map"), "v:0,a:0 v:1,a:1 v:2,a:2");
  EXPECT_EQ(value_after(args, "-master_pl_name"), "master.m3u8");
  EXPECT_EQ(value_after(args, "-hls_segment_type"), "fmp4");
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(value_after(args, "-b:v:" + std::to_string(i)).empty());
  EXPECT_NE(value_after(args, "-filter_complex").find("split=3"), std::string::npos);
  EXPECT_EQ(value_after(args, "-force_key_frames"), "expr:gte(t,n_forced*2)");
  EXPECT_EQ(value_after(args, "-sc_threshold"), "0");
}

TEST(FfmpegCommand, SilentTrackForSourcesWithoutAudio) {
  auto job = make_ladder_job("/in.mp4", "mov", plan_ladder(640, 360, 30), false);
  auto args = hls_ladder_args("ffmpeg", job);
  EXPECT_NE(std::find(args.begin(), args.end(), "anullsrc=channel_layout=stereo:sample_rate=48000"), args.end());
  EXPECT_NE(std::find(args.begin(), args.end(), "1:a:0"), args.end());
  EXPECT_NE(std::find(args.begin(), args.end(), "-shortest"), args.end());
}

TEST(FfmpegCommand, ProgressLines) {
  EXPECT_EQ(progress_time_us("out_time_us=1500000"), 1500000);
  EXPECT_FALSE(progress_time_us("out_time_us=N/A"));
  EXPECT_FALSE(progress_time_us("frame=10"));
}
