#include <gtest/gtest.h>

#include "ladder.hpp"

using lifelong::transcoder::plan_ladder;

TEST(Ladder, FullHdGetsFourRungsNeverUpscaled) {
  auto l = plan_ladder(1920, 1080, 30);
  ASSERT_EQ(l.size(), 4u);
  EXPECT_EQ(l[0].width, 1920);
  EXPECT_EQ(l[0].height, 1080);
  EXPECT_EQ(l[1].height, 720);
  EXPECT_EQ(l[2].width, 854);
  EXPECT_EQ(l[3].width, 640);
  for (std::size_t i = 1; i < l.size(); ++i) EXPECT_LT(l[i].video_kbps, l[i - 1].video_kbps);
}

TEST(Ladder, OnlyRungsAtOrBelowTheSource) {
  auto l = plan_ladder(1280, 720, 25);
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l[0].height, 720);
}

TEST(Ladder, PortraitStaysPortrait) {
  auto l = plan_ladder(1080, 1920, 30);
  ASSERT_EQ(l.size(), 4u);
  for (const auto& r : l) {
    EXPECT_GT(r.height, r.width);
    EXPECT_EQ(r.width % 2, 0);
    EXPECT_EQ(r.height % 2, 0);
  }
  EXPECT_EQ(l[3].width, 360);
  EXPECT_EQ(l[3].height, 640);
}

TEST(Ladder, TinySourceKeepsItsOwnSize) {
  auto l = plan_ladder(321, 241, 15);
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l[0].width, 322);
  EXPECT_EQ(l[0].height, 242);
  EXPECT_GT(l[0].video_kbps, 0);
}

TEST(Ladder, OddAspectRatiosGiveEvenSizes) {
  for (auto [w, h] : {std::pair{1440, 1080}, {2560, 1080}, {720, 576}, {1000, 1000}}) {
    for (const auto& r : plan_ladder(w, h, 30)) {
      EXPECT_EQ(r.width % 2, 0) << w << "x" << h;
      EXPECT_EQ(r.height % 2, 0) << w << "x" << h;
      EXPECT_NEAR(static_cast<double>(r.width) / r.height, static_cast<double>(w) / h, 0.02);
    }
  }
}

TEST(Ladder, NothingForNoPicture) {
  EXPECT_TRUE(plan_ladder(0, 0, 30).empty());
}
