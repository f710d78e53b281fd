// Text from people is checked the way MariaDB's utf8mb4 columns will take it.
#include <gtest/gtest.h>

#include "services/text_rules.hpp"

using namespace lifelong::services;

TEST(TextRules, OnlyWellFormedUtf8IsAccepted) {
  for (const std::string good : {"", "abc", "防诈骗", "é", "😀", "\x7f"}) EXPECT_TRUE(is_utf8(good)) << good;
  for (const std::string bad : {"\xff", "\xc3", "\xe9\x98", "\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80",
                                "\xf4\x90\x80\x80", "\xf8\x88\x80\x80\x80", "a\x80", "\xe9\x98\xb2\xc3"})
    EXPECT_FALSE(is_utf8(bad)) << testing::PrintToString(bad);
}

TEST(TextRules, LengthIsCountedInCharactersAndBlankTextDoesNotFit) {
  EXPECT_EQ(utf8_length("防诈骗 ok"), 6u);
  std::string two_hundred;
  for (int i = 0; i < 200; ++i) two_hundred += "学";
  EXPECT_TRUE(fits_text(two_hundred, 200));
  EXPECT_FALSE(fits_text(two_hundred + "a", 200));
  EXPECT_FALSE(fits_text(std::string(201, 'a'), 200));
  EXPECT_FALSE(fits_text(" \t\r\n", 200));
  EXPECT_FALSE(fits_text("标题\xff", 200));
}
