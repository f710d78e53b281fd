#include <gtest/gtest.h>

#include "http/range.hpp"

using lifelong::http::range_outcome;
using lifelong::http::resolve_range;

TEST(Range, NoHeaderMeansWholeFile) {
  EXPECT_EQ(resolve_range("", 100).outcome, range_outcome::whole);
}

TEST(Range, ClosedRange) {
  auto r = resolve_range("bytes=10-19", 100);
  ASSERT_EQ(r.outcome, range_outcome::partial);
  EXPECT_EQ(r.range.first, 10u);
  EXPECT_EQ(r.range.length, 10u);
}

TEST(Range, OpenEndedRangeRunsToTheEnd) {
  auto r = resolve_range("bytes=90-", 100);
  ASSERT_EQ(r.outcome, range_outcome::partial);
  EXPECT_EQ(r.range.first, 90u);
  EXPECT_EQ(r.range.length, 10u);
}

TEST(Range, SuffixRangeTakesTheLastBytes) {
  auto r = resolve_range("bytes=-30", 100);
  ASSERT_EQ(r.outcome, range_outcome::partial);
  EXPECT_EQ(r.range.first, 70u);
  EXPECT_EQ(r.range.length, 30u);
  auto all = resolve_range("bytes=-500", 100);
  EXPECT_EQ(all.range.first, 0u);
  EXPECT_EQ(all.range.length, 100u);
}

TEST(Range, LastBytePastTheEndIsClamped) {
  auto r = resolve_range("bytes=50-1000", 100);
  ASSERT_EQ(r.outcome, range_outcome::partial);
  EXPECT_EQ(r.range.length, 50u);
}

TEST(Range, StartPastTheEndIsUnsatisfiable) {
  EXPECT_EQ(resolve_range("bytes=100-", 100).outcome, range_outcome::unsatisfiable);
  EXPECT_EQ(resolve_range("bytes=-0", 100).outcome, range_outcome::unsatisfiable);
  EXPECT_EQ(resolve_range("bytes=0-", 0).outcome, range_outcome::unsatisfiable);
}

TEST(Range, MalformedOrMultipleRangesServeTheWholeFile) {
  for (const char* bad : {"bytes=abc", "bytes=5-2", "items=0-1", "bytes=0-1,5-6", "bytes=", "bytes=-", "bytes=1-2-3",
                          "bytes=99999999999999999999999-", "bytes= 1 - x"})
    EXPECT_EQ(resolve_range(bad, 100).outcome, range_outcome::whole) << bad;
}
