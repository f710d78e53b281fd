// Dates, times and durations as each language writes them, in China's time zone.
#include <gtest/gtest.h>

#include "view/local_format.hpp"

using namespace lifelong::view;

TEST(LocalFormat, DatesAreWrittenAsEachLanguageDoesInChinaTime) {
  EXPECT_EQ(date_text("2026-11-23 02:05:09", "zh-CN"), "2026年11月23日");
  EXPECT_EQ(date_text("2026-11-23 02:05:09", "en"), "23 Nov 2026");
  // 16:30 UTC is already the next morning in China, also across a year's end.
  EXPECT_EQ(date_text("2026-12-31 16:30:00", "zh-CN"), "2027年1月1日");
  EXPECT_EQ(date_time_text("2026-12-31 16:30:00", "en"), "1 Jan 2027, 00:30");
  EXPECT_EQ(date_time_text("2028-02-28 20:00:00", "zh-CN"), "2028年2月29日 04:00");  // a leap day
  EXPECT_EQ(date_text("2026-03-05", "en"), "5 Mar 2026");                            // a bare date stays that day
}

TEST(LocalFormat, MachinesGetIsoUtc) {
  EXPECT_EQ(iso_utc("2026-11-23 02:05:09"), "2026-11-23T02:05:09Z");
  EXPECT_EQ(iso_utc("2026-11-23"), "2026-11-23T00:00:00Z");
}

TEST(LocalFormat, TextThatIsNotATimeIsLeftAlone) {
  for (const char* bad : {"", "yesterday", "2026-13-01 00:00:00", "2026-02-30 00:00:00", "2026-11-23 25:00:00",
                          "2026-11-2", "2026-11-23garbage"}) {
    EXPECT_EQ(date_text(bad, "zh-CN"), bad) << bad;
    EXPECT_EQ(iso_utc(bad), bad) << bad;
  }
}

TEST(LocalFormat, DurationsInWords) {
  EXPECT_EQ(duration_text(0, "zh-CN"), "0秒");
  EXPECT_EQ(duration_text(45'400, "en"), "45 s");
  EXPECT_EQ(duration_text(187'000, "zh-CN"), "3分07秒");
  EXPECT_EQ(duration_text(187'000, "en"), "3 min 7 s");
  EXPECT_EQ(duration_text(3'723'000, "zh-CN"), "1小时02分");
  EXPECT_EQ(duration_text(3'723'000, "en"), "1 h 2 min");
}

TEST(LocalFormat, MonthsAreWrittenAsEachLanguageDoes) {
  EXPECT_EQ(month_text("2026-11-01", "zh-CN"), "2026年11月");
  EXPECT_EQ(month_text("2026-01-01", "en"), "Jan 2026");
  EXPECT_EQ(month_text("2024-02-29", "en"), "Feb 2024");
  for (const char* bad : {"", "2026-13-01", "2026-11", "2026-11-01 08:00:00", "November"})
    EXPECT_EQ(month_text(bad, "zh-CN"), bad) << bad;
}

// Minutes of watching read as minutes, not "0.0 hours".
TEST(LocalFormat, StudyTimeInMinutesUnderAnHour) {
  EXPECT_EQ(study_time_text(0, "zh-CN"), "0 分钟");
  EXPECT_EQ(study_time_text(59, "en"), "under 1 min");
  EXPECT_EQ(study_time_text(12, "zh-CN"), "不到 1 分钟");
  EXPECT_EQ(study_time_text(7 * 60 + 30, "zh-CN"), "7 分钟");
  EXPECT_EQ(study_time_text(59 * 60 + 59, "en"), "59 min");
  EXPECT_EQ(study_time_text(3600, "zh-CN"), "1.0 小时");
  EXPECT_EQ(study_time_text(5400, "en"), "1.5 h");
  EXPECT_EQ(study_time_text(-5, "en"), "0 min");
}

TEST(LocalFormat, FiguresHaveTheirThousandsSeparated) {
  EXPECT_EQ(grouped_number(0), "0");
  EXPECT_EQ(grouped_number(999), "999");
  EXPECT_EQ(grouped_number(1000), "1,000");
  EXPECT_EQ(grouped_number(1234567), "1,234,567");
  EXPECT_EQ(grouped_number(12345.5), "12,345.5");
  EXPECT_EQ(grouped_number(-4321), "-4,321");
  EXPECT_EQ(grouped_number(0.5), "0.5");
}
