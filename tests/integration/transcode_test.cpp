// The real ffmpeg on generated clips: the ladder, decodable segments, and the plain
// reasons for files that are not usable videos.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "env.hpp"
#include "pipeline.hpp"

using namespace lifelong;
namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> all(const std::string& text, const std::string& pattern) {
  std::vector<std::string> out;
  std::regex re(pattern);
  for (std::sregex_iterator m(text.begin(), text.end(), re), end; m != end; ++m) out.push_back((*m)[1]);
  return out;
}

transcoder::pipeline_settings settings() {
  transcoder::pipeline_settings s;
  s.threads = 2;
  return s;
}

}  // namespace

TEST(Transcode, LandscapeClipBecomesADecodableAlignedLadder) {
  auto dir = test_env::fresh_dir("ladder");
  test_env::make_clip(dir / "in.mp4", "testsrc2=size=1280x720:rate=25", 9);
  int last_progress = -1;
  auto result = transcoder::run_pipeline((dir / "in.mp4").string(), dir / "out", settings(),
                                         [&](int pct) { last_progress = pct; });
  ASSERT_TRUE(result.ok()) << result.failure;
  EXPECT_EQ(last_progress, 100);
  EXPECT_NEAR(result.duration_ms, 9000, 100);

  const auto master = read(dir / "out" / "master.m3u8");
  EXPECT_EQ(all(master, R"(RESOLUTION=(\d+x\d+))"), (std::vector<std::string>{"1280x720", "854x480", "640x360"}));
  for (const auto& bw : all(master, R"(BANDWIDTH=(\d+))")) EXPECT_GT(std::stol(bw), 100000);
  EXPECT_TRUE(fs::is_regular_file(dir / "out" / "poster.jpg"));
  // Seek previews: 9 s at one tile per 5 s is two tiles on one 10x10 sheet of 160x90.
  const auto sprite = dir / "sprite.txt";
  test_env::shell("ffprobe -v error -show_entries stream=width,height -of csv=p=0 '" +
                  (dir / "out" / "sprite_001.jpg").string() + "' > '" + sprite.string() + "'");
  EXPECT_EQ(read(sprite), "1600,900\n");
  const auto vtt = read(dir / "out" / "thumbnails.vtt");
  EXPECT_EQ(all(vtt, R"(sprite_001\.jpg#xywh=(\d+),0,160,90)"), (std::vector<std::string>{"0", "160"}));
  // The fallback MP4: the lowest rung, whole, decodable, with its index at the front.
  const auto mp4 = dir / "out" / "fallback.mp4";
  const auto mp4_probe = dir / "mp4.txt";
  ASSERT_EQ(test_env::shell("ffprobe -v error -show_entries stream=codec_type,width:format=duration -of compact=p=0 '" +
                            mp4.string() + "' > '" + mp4_probe.string() + "'"),
            0);
  const auto mp4_info = read(mp4_probe);
  EXPECT_NE(mp4_info.find("width=640"), std::string::npos) << mp4_info;
  EXPECT_NE(mp4_info.find("audio"), std::string::npos) << mp4_info;
  auto seconds = all(mp4_info, R"(duration=([0-9.]+))");
  ASSERT_FALSE(seconds.empty());
  EXPECT_NEAR(std::stod(seconds.back()), 9.0, 0.2);
  EXPECT_EQ(test_env::shell("ffmpeg -v error -xerror -i '" + mp4.string() + "' -f null - 2>/dev/null"), 0);
  std::ifstream head(mp4, std::ios::binary);
  std::string first(64, '\0');
  head.read(first.data(), 64);
  EXPECT_NE(first.find("moov"), std::string::npos);  // faststart: the index precedes the media

  std::vector<std::string> first_durations;
  for (int i = 0; i < 3; ++i) {
    const auto variant = dir / "out" / ("r" + std::to_string(i)) / "index.m3u8";
    ASSERT_TRUE(fs::exists(variant)) << variant;
    auto durations = all(read(variant), R"(#EXTINF:([0-9.]+))");
    EXPECT_GE(durations.size(), 2u);
    // Keyframes every 2 s in every rung: segment boundaries line up across the ladder.
    if (i == 0)
      first_durations = durations;
    else
      EXPECT_EQ(durations, first_durations);
    const auto err = dir / ("decode" + std::to_string(i) + ".log");
    EXPECT_EQ(
        test_env::shell("ffmpeg -v error -xerror -i '" + variant.string() + "' -f null - 2>'" + err.string() + "'"), 0);
    EXPECT_EQ(read(err), "") << "decoding rung " << i;
  }
  for (const auto& entry : fs::directory_iterator(dir))  // nothing half-written left beside the output
    EXPECT_EQ(entry.path().filename().string().rfind(".tmp-", 0), std::string::npos);
}

TEST(Transcode, PortraitClipStaysUprightAndSilentSourceGetsATrack) {
  auto dir = test_env::fresh_dir("portrait");
  test_env::make_clip(dir / "in.mp4", "testsrc2=size=360x640:rate=25", 4, false);
  auto result = transcoder::run_pipeline((dir / "in.mp4").string(), dir / "out", settings());
  ASSERT_TRUE(result.ok()) << result.failure;
  EXPECT_EQ(all(read(dir / "out" / "master.m3u8"), R"(RESOLUTION=(\d+x\d+))"), std::vector<std::string>{"360x640"});
  const auto probe = dir / "streams.txt";
  test_env::shell("ffprobe -v error -show_entries stream=codec_type -of csv=p=0 '" +
                  (dir / "out/r0/index.m3u8").string() + "' > '" + probe.string() + "'");
  EXPECT_NE(read(probe).find("audio"), std::string::npos);
}

TEST(Transcode, UnusableFilesGetAReasonAndNoOutput) {
  auto dir = test_env::fresh_dir("bad");
  std::ofstream(dir / "text.mp4") << "这不是视频 — just some text pretending to be a video\n";
  std::ofstream(dir / "empty.mp4");
  ASSERT_EQ(
      test_env::shell("ffmpeg -v error -y -f lavfi -i sine=frequency=300 -t 3 '" + (dir / "audio.m4a").string() + "'"),
      0);
  ASSERT_EQ(test_env::shell("ffmpeg -v error -y -f lavfi -i testsrc2=size=320x240 -frames:v 1 '" +
                            (dir / "still.jpg").string() + "'"),
            0);
  test_env::make_clip(dir / "whole.mp4", "testsrc2=size=640x360:rate=25", 30);
  // Keep the header (moov first) but cut the media data in half, as a broken upload would.
  ASSERT_EQ(
      test_env::shell("ffmpeg -v error -y -i '" + (dir / "whole.mp4").string() + "' -c copy -movflags +faststart '" +
                      (dir / "fast.mp4").string() + "' && head -c $(( $(stat -c %s '" + (dir / "fast.mp4").string() +
                      "') / 2 )) '" + (dir / "fast.mp4").string() + "' > '" + (dir / "cut.mp4").string() + "'"),
      0);

  const std::vector<std::pair<std::string, std::string>> cases{
      {"text.mp4", "not_video"},    {"empty.mp4", "not_video"}, {"audio.m4a", "no_video_stream"},
      {"still.jpg", "still_image"}, {"cut.mp4", "truncated"},   {"missing.mp4", "source_missing"}};
  for (const auto& [file, reason] : cases) {
    auto result = transcoder::run_pipeline((dir / file).string(), dir / ("out-" + file), settings());
    EXPECT_EQ(result.failure, reason) << file;
    EXPECT_FALSE(fs::exists(dir / ("out-" + file))) << file;
  }
}

TEST(Transcode, LimitsFromSettings) {
  auto dir = test_env::fresh_dir("limits");
  test_env::make_clip(dir / "in.mp4", "testsrc2=size=640x360:rate=25", 3);
  auto s = settings();
  s.limits.max_duration_ms = 2000;
  EXPECT_EQ(transcoder::run_pipeline((dir / "in.mp4").string(), dir / "a", s).failure, "too_long");
  s = settings();
  s.limits.max_height = 240;
  EXPECT_EQ(transcoder::run_pipeline((dir / "in.mp4").string(), dir / "b", s).failure, "resolution_too_high");
}

TEST(Transcode, AwkwardButValidSourcesComeOutRight) {
  auto dir = test_env::fresh_dir("awkward");
  test_env::make_clip(dir / "landscape.mp4", "testsrc2=size=640x360:rate=25", 3);
  // A phone held upright: landscape pixels with a 90° display rotation.
  ASSERT_EQ(test_env::shell("ffmpeg -v error -y -i '" + (dir / "landscape.mp4").string() +
                            "' -c copy -metadata:s:v:0 rotate=90 '" + (dir / "rotated.mp4").string() + "'"),
            0);
  ASSERT_EQ(test_env::shell("ffmpeg -v error -y -f lavfi -i testsrc2=size=640x360:rate=25 -t 3 -c:v libx264 "
                            "-pix_fmt yuv420p10le '" +
                            (dir / "tenbit.mp4").string() + "'"),
            0);
  // Variable frame rate: three of every ten frames dropped, timestamps kept.
  ASSERT_EQ(test_env::shell("ffmpeg -v error -y -f lavfi -i testsrc2=size=640x360:rate=30 -t 4 "
                            "-vf \"select='lt(mod(n,10),7)'\" -fps_mode vfr -c:v libx264 -pix_fmt yuv420p '" +
                            (dir / "vfr.mp4").string() + "'"),
            0);
  const std::vector<std::pair<std::string, std::string>> cases{
      {"rotated.mp4", "360x640"}, {"tenbit.mp4", "640x360"}, {"vfr.mp4", "640x360"}};
  for (const auto& [file, resolution] : cases) {
    auto out = dir / ("out-" + file);
    auto result = transcoder::run_pipeline((dir / file).string(), out, settings());
    ASSERT_TRUE(result.ok()) << file << ": " << result.failure;
    EXPECT_EQ(all(read(out / "master.m3u8"), R"(RESOLUTION=(\d+x\d+))"), std::vector<std::string>{resolution}) << file;
    const auto fmt = dir / (file + ".fmt");
    test_env::shell("ffprobe -v error -select_streams v -show_entries stream=pix_fmt,profile -of csv=p=0 '" +
                    (out / "r0/index.m3u8").string() + "' > '" + fmt.string() + "'");
    EXPECT_NE(read(fmt).find("High,yuv420p"), std::string::npos) << file << ": " << read(fmt);  // plays everywhere
  }
}

TEST(Transcode, HugeDimensionsAreRefusedBeforeEncoding) {
  auto dir = test_env::fresh_dir("huge");
  ASSERT_EQ(test_env::shell("ffmpeg -v error -y -f lavfi -i color=size=8192x4320:rate=2 -t 1 -c:v mjpeg "
                            "-pix_fmt yuvj420p '" +
                            (dir / "huge.mkv").string() + "'"),
            0);
  auto result = transcoder::run_pipeline((dir / "huge.mkv").string(), dir / "out", settings());
  EXPECT_EQ(result.failure, "resolution_too_high");
  EXPECT_FALSE(fs::exists(dir / "out"));
}
