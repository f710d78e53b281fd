// The server-drawn charts' geometry: bars in proportion, the target line where it belongs,
// nothing divided by zero, a line chart from 100 % at the top to 0 % at the bottom.
#include <gtest/gtest.h>

#include "handlers/stats_charts.hpp"

using namespace lifelong::handlers;

TEST(StatsCharts, BarsAreInProportionWithTheTargetLine) {
  const auto chart = bar_chart({{"甲", 0.25}, {"乙", 0.5}}, percent_text, 0.5, "目标 50%");
  ASSERT_EQ(chart["bars"].size(), 2u);
  EXPECT_EQ(chart["bars"][1]["width"].get<int>(), 2 * chart["bars"][0]["width"].get<int>());
  EXPECT_EQ(chart["bars"][0]["label"], "25.0%");
  // The target (0.5) is drawn where a bar of 0.5 ends.
  EXPECT_EQ(chart["target"]["x"].get<int>(), chart["bar_x"].get<int>() + chart["bars"][1]["width"].get<int>());
  EXPECT_EQ(chart["target"]["label"], "目标 50%");
  EXPECT_GT(chart["height"].get<int>(), 2 * 36);  // room for the target's caption
}

TEST(StatsCharts, EmptyAndZeroValuesDrawNothingButStayValid) {
  EXPECT_EQ(bar_chart({}, number_text)["bars"].size(), 0u);
  const auto zeros = bar_chart({{"甲", 0}, {"乙", 0}}, number_text);
  EXPECT_EQ(zeros["bars"][0]["width"], 0);
  EXPECT_FALSE(zeros.contains("target"));
  const auto columns = column_chart({{"11-16", 0}, {"11-23", 0}}, number_text);
  EXPECT_EQ(columns["columns"][1]["height"], 0);
  EXPECT_GT(columns["width"].get<int>(), 0);
  EXPECT_EQ(line_chart({})["points"], "");
}

TEST(StatsCharts, ColumnsAndLinesFollowTheirValues) {
  const auto columns = column_chart({{"1月", 10}, {"2月", 5}}, number_text);
  EXPECT_NEAR(columns["columns"][0]["height"].get<int>(), 2 * columns["columns"][1]["height"].get<int>(), 1);  // whole pixels
  EXPECT_LT(columns["columns"][0]["x"].get<int>(), columns["columns"][1]["x"].get<int>());
  EXPECT_EQ(columns["columns"][1]["label"], "5");
  const auto line = line_chart({1.0, 0.5, 0.0, 1.7, -1});  // out-of-range shares are clamped
  EXPECT_EQ(line["points"], "48,10 148,90 248,170 348,10 448,170");
}

TEST(StatsCharts, NumbersAndSharesReadNaturally) {
  EXPECT_EQ(percent_text(0.125), "12.5%");
  EXPECT_EQ(percent_text(0.0003), "0.03%");  // early in a campaign: not 0.0 %
  EXPECT_EQ(percent_text(0), "0.0%");
  EXPECT_EQ(number_text(12), "12");
  EXPECT_EQ(number_text(3.5), "3.5");
}
