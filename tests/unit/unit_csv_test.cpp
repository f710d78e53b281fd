// Reading the organisation spreadsheet: every row checked on its own, problems by line.
#include <gtest/gtest.h>

#include "services/text_rules.hpp"
#include "services/unit_csv.hpp"

using lifelong::services::read_unit_csv;

namespace {
const std::string header = "city,district,street,community,population\n";

std::vector<std::string> keys(const lifelong::services::unit_csv& sheet) {
  std::vector<std::string> out;
  for (const auto& p : sheet.problems) out.push_back(std::to_string(p.line) + " " + p.message_key);
  return out;
}
}  // namespace

TEST(UnitCsv, ReadsPathsAndPopulationsWithOrWithoutBomAndQuotes) {
  auto sheet = read_unit_csv("\xEF\xBB\xBF" + header +
                             "示例市,,,,2000000\r\n"
                             "示例市,东城区,,,\r\n"
                             "示例市,东城区,\"和平街道, 北\",幸福社区, 8000 \r\n");
  ASSERT_TRUE(sheet.problems.empty()) << keys(sheet).front();
  ASSERT_EQ(sheet.rows.size(), 3u);
  EXPECT_EQ(sheet.rows[0].path, std::vector<std::string>{"示例市"});
  EXPECT_EQ(sheet.rows[0].population, 2000000u);
  EXPECT_EQ(sheet.rows[1].path.size(), 2u);
  EXPECT_FALSE(sheet.rows[1].population);  // empty: keep what is stored
  EXPECT_EQ(sheet.rows[2].path, (std::vector<std::string>{"示例市", "东城区", "和平街道, 北", "幸福社区"}));
  EXPECT_EQ(sheet.rows[2].population, 8000u);
  EXPECT_EQ(sheet.rows[2].line, 4u);
}

TEST(UnitCsv, ReadsGbkAsWrittenByChineseSpreadsheetPrograms) {
  // "示例市,东城区,,,5" in GBK: 示 CABE 例 C0FD 市 CAD0, 东 B6AB 城 B3C7 区 C7F8.
  const std::string gbk = header + "\xCA\xBE\xC0\xFD\xCA\xD0,\xB6\xAB\xB3\xC7\xC7\xF8,,,5\n";
  auto sheet = read_unit_csv(gbk);
  ASSERT_TRUE(sheet.problems.empty());
  ASSERT_EQ(sheet.rows.size(), 1u);
  EXPECT_EQ(sheet.rows[0].path, (std::vector<std::string>{"示例市", "东城区"}));
}

TEST(UnitCsv, EveryBadRowIsReportedWithItsLine) {
  auto sheet = read_unit_csv(header +
                             "示例市,,,,1\n"             // 2 fine
                             "示例市,东城区,,\n"         // 3 four columns
                             "示例市,,和平街道,,10\n"    // 4 gap
                             "示例市,东城区,,,-5\n"      // 5 negative
                             "示例市,东城区,,,12abc\n"   // 6 not a number
                             "示例市,东城区,,,100000001\n"  // 7 too many people
                             ",,,,7\n"                   // 8 no name
                             "示例市,,,,3\n"             // 9 duplicate of line 2
                             "示例市," + std::string(51, 'x') + ",,,1\n"  // 10 name too long
                             "\n"                         // 11 blank: skipped
                             "示例市,西城区,,,0\n");     // 12 fine
  EXPECT_EQ(keys(sheet), (std::vector<std::string>{"3 units.csv_columns", "4 units.csv_gap", "5 units.csv_population",
                                                   "6 units.csv_population", "7 units.csv_population",
                                                   "8 units.csv_no_name", "9 units.csv_duplicate", "10 units.csv_name"}));
  ASSERT_EQ(sheet.rows.size(), 2u);
  EXPECT_EQ(sheet.rows[1].line, 12u);
}

TEST(UnitCsv, WholeFileProblems) {
  EXPECT_EQ(keys(read_unit_csv("")), std::vector<std::string>{"1 units.csv_empty"});
  EXPECT_EQ(keys(read_unit_csv("a,b,c\n")), std::vector<std::string>{"1 units.csv_header"});
  EXPECT_EQ(keys(read_unit_csv(header + "示例市,\"东城区,,,1\n")), std::vector<std::string>{"2 units.csv_quotes"});
  EXPECT_EQ(keys(read_unit_csv(header + "\xFF\xFE\x00\x41")), std::vector<std::string>{"1 units.csv_encoding"});
  std::string many = header;
  for (int i = 0; i <= 50000; ++i) many += "c,d" + std::to_string(i) + ",,,1\n";
  EXPECT_EQ(keys(read_unit_csv(many)), std::vector<std::string>{"50002 units.csv_too_many_rows"});
}

TEST(UnitCsv, NamesAreWellFormedUtf8WithoutControlBytes) {
  // glibc's iconv calls F4 90 80 80 (past U+10FFFF) UTF-8; MariaDB does not (fuzzing found it).
  const auto beyond = read_unit_csv(header + "某市\xf4\x90\x80\x80,,,,\n");
  for (const auto& row : beyond.rows)
    for (const auto& name : row.path) EXPECT_TRUE(lifelong::services::is_utf8(name)) << testing::PrintToString(name);
  const auto control = read_unit_csv(header + "某\x02市,,,,\n" + std::string("某\0市,,,,\n", 12));
  EXPECT_TRUE(control.rows.empty());
  EXPECT_EQ(control.problems.size(), 2u);
}
