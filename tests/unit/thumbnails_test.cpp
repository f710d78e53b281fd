#include <gtest/gtest.h>

#include <algorithm>

#include "ffmpeg_command.hpp"
#include "thumbnails.hpp"

using namespace lifelong::transcoder;

TEST(Thumbnails, TilesKeepTheAspectRatio) {
  auto wide = plan_thumbnails(1920, 1080);
  EXPECT_EQ(wide.width, 160);
  EXPECT_EQ(wide.height, 90);
  auto tall = plan_thumbnails(1080, 1920);
  EXPECT_EQ(tall.width, 90);
  EXPECT_EQ(tall.height, 160);
}

TEST(Thumbnails, VttMapsEachIntervalToItsTile) {
  auto plan = plan_thumbnails(1280, 720);
  auto vtt = thumbnails_vtt(12000, plan);  // 12 s: tiles at 0, 5, 10 s
  EXPECT_EQ(vtt.rfind("WEBVTT\n", 0), 0u);
  EXPECT_NE(vtt.find("00:00:00.000 --> 00:00:05.000\nsprite_001.jpg#xywh=0,0,160,90\n"), std::string::npos);
  EXPECT_NE(vtt.find("00:00:10.000 --> 00:00:12.000\nsprite_001.jpg#xywh=320,0,160,90\n"), std::string::npos);
  EXPECT_EQ(vtt.find("00:00:15"), std::string::npos);
}

TEST(Thumbnails, TheHundredAndFirstTileStartsTheSecondSheet) {
  auto vtt = thumbnails_vtt(101 * 5000, plan_thumbnails(1280, 720));
  EXPECT_NE(vtt.find("00:08:15.000 --> 00:08:20.000\nsprite_001.jpg#xywh=1440,810,160,90\n"), std::string::npos);
  EXPECT_NE(vtt.find("00:08:20.000 --> 00:08:25.000\nsprite_002.jpg#xywh=0,0,160,90\n"), std::string::npos);
}

TEST(Thumbnails, TheLadderProcessAlsoWritesTheSprite) {
  auto job = make_ladder_job("/in.mp4", "mov", plan_ladder(1280, 720, 25), true);
  job.thumbnails = plan_thumbnails(1280, 720);
  auto args = hls_ladder_args("ffmpeg", job);
  EXPECT_EQ(args.back(), "sprite_%03d.jpg");
  auto graph = std::find(args.begin(), args.end(), "-filter_complex");
  ASSERT_NE(graph, args.end());
  EXPECT_NE((graph + 1)->find("split=4"), std::string::npos);
  EXPECT_NE((graph + 1)->find("fps=1/5,scale=160:90,tile=10x10[thumbs]"), std::string::npos);
}
