// The played-seconds bitmap: skipping marks nothing, replays and any order agree.
#include <gtest/gtest.h>

#include "services/progress_service.hpp"
#include "services/watched_seconds.hpp"

using lifelong::services::watched_seconds;

TEST(WatchedSeconds, DraggingToTheEndCountsOnlyWhatPlayed) {
  watched_seconds w(100);
  w.mark({{0, 5}, {95, 100}});
  EXPECT_EQ(w.count(), 10u);
  EXPECT_EQ(w.percent(), 10);
  EXPECT_FALSE(w.complete());
}

TEST(WatchedSeconds, ReplaysAndAnyOrderGiveTheSameResult) {
  watched_seconds in_order(100), shuffled(100);
  in_order.mark({{0, 30}});
  in_order.mark({{30, 60}});
  in_order.mark({{60, 90}});
  shuffled.mark({{60, 90}});
  shuffled.mark({{0, 30}});
  shuffled.mark({{0, 30}});  // replayed
  shuffled.mark({{30, 60}, {10, 40}});  // overlapping
  EXPECT_EQ(in_order.bytes(), shuffled.bytes());
  EXPECT_EQ(shuffled.count(), 90u);
  EXPECT_TRUE(shuffled.complete());  // exactly 90%
  // Saved and loaded again, the bitmap keeps counting from where it was.
  watched_seconds loaded(100, shuffled.bytes());
  loaded.mark({{89.5, 95.05}});
  EXPECT_EQ(loaded.count(), 95u);
}

TEST(WatchedSeconds, EdgesAndNonsense) {
  watched_seconds w(10);
  w.mark({{0.95, 3.05}});  // frame-accurate ends: seconds 1 and 2
  EXPECT_EQ(w.count(), 2u);
  w.mark({{5.5, 6.4}});  // no whole second
  EXPECT_EQ(w.count(), 2u);
  w.mark({{7, 3}, {-50, -1}, {9, 5000}});  // backwards, before the start, past the end
  EXPECT_EQ(w.count(), 3u);
  EXPECT_FALSE(watched_seconds(0).complete());
  watched_seconds odd(13);
  odd.mark({{0, 13}});
  EXPECT_EQ(odd.count(), 13u);
  EXPECT_EQ(odd.bytes().size(), 2u);
}

TEST(WatchedSeconds, TellsWhichSecondsWerePlayed) {
  watched_seconds w(10);
  w.mark({{2.0, 4.0}});
  const watched_seconds kept(10, w.bytes());
  for (std::uint32_t s = 0; s < 12; ++s) EXPECT_EQ(kept.has(s), s >= 2 && s < 4) << s;
  EXPECT_FALSE(watched_seconds(10, "").has(0));       // nothing stored yet
  EXPECT_FALSE(watched_seconds(100, "\xff").has(50));  // shorter than the lesson: not played
}

TEST(WatchedSeconds, AtMostTheAllowedNewSecondsAreMarkedTheEarliestFirst) {
  watched_seconds w(100);
  EXPECT_EQ(w.mark({{0, 5}}), 5u);
  EXPECT_EQ(w.mark({{30, 40}, {0, 100}}, 12), 12u);  // 30–39 first (as sent), then 5 and 6
  EXPECT_EQ(w.count(), 17u);
  EXPECT_TRUE(w.has(39));
  EXPECT_TRUE(w.has(6));
  EXPECT_FALSE(w.has(7));
  EXPECT_EQ(w.mark({{0, 40}}, 0), 0u);  // none allowed: nothing changes
  EXPECT_EQ(w.count(), 17u);
  EXPECT_EQ(w.mark({{0, 10}}, 50), 3u);  // 7, 8, 9: already-marked seconds cost nothing
}

TEST(PaceRules, TheBudgetGrowsAtTheFastestSpeedFromAFirstSlackAndBanksAShortPauseOnly) {
  const lifelong::services::pace_rules pace;  // 1.5 a second, 10 s to start, 300 s of pause
  EXPECT_DOUBLE_EQ(pace.budget(std::nullopt), 10);
  EXPECT_DOUBLE_EQ(pace.budget(0), 0);
  EXPECT_DOUBLE_EQ(pace.budget(10), 15);
  EXPECT_DOUBLE_EQ(pace.budget(-3), 0);  // a clock ahead of now (another server's) gives nothing
  EXPECT_DOUBLE_EQ(pace.budget(24 * 3600), 10 + 300 * 1.5);
}
