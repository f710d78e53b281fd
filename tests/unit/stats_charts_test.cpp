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
  EXPECT_NEAR(columns["columns"][0]["height"].get<int>(), 2 * columns["columns"][1]["height"].get<int>(),
              1);  // whole pixels
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

// One week or a whole year by week: each column and its text keep the same size, and the
// chart grows (to scroll) instead of stretching one column across the page.
TEST(StatsCharts, AChartKeepsItsSizeWhateverTheNumberOfPoints) {
  auto points = [](int n) {
    chart_rows rows;
    for (int i = 0; i < n; ++i) rows.emplace_back(std::to_string(i), 10.0 + i);
    return rows;
  };
  const auto one = column_chart(points(1), number_text);
  const auto year = column_chart(points(53), number_text);
  EXPECT_EQ(one["columns"][0]["width"], year["columns"][52]["width"]);
  EXPECT_EQ(one["height"], year["height"]);
  EXPECT_LE(one["width"].get<int>(), 60);  // one narrow column, not a 700 px bar
  EXPECT_EQ(year["width"].get<int>(), 53 * one["width"].get<int>());
  EXPECT_LT(year["columns"][52]["x"].get<int>(), year["width"].get<int>());
  // Bars: one unit or fifty, the same thickness and a width that fits a 320 px phone.
  const auto few = bar_chart(points(1), number_text);
  const auto many = bar_chart(points(50), number_text);
  EXPECT_EQ(few["bar_height"], many["bar_height"]);
  EXPECT_EQ(few["width"], many["width"]);
  EXPECT_LE(many["width"].get<int>(), 320);
  EXPECT_EQ(many["height"].get<int>(), 50 * few["height"].get<int>());
  EXPECT_GT(many["bars"][1]["y"].get<int>(), many["bars"][0]["text_y"].get<int>());  // rows never overlap
}

TEST(StatsCharts, FiguresHaveTheirThousandsSeparated) {
  EXPECT_EQ(number_text(12500), "12,500");
  EXPECT_EQ(number_text(1234.5), "1,234.5");
}
