// Terms for Chinese and mixed text: neighbouring-character pairs and lower-case words.
#include <gtest/gtest.h>

#include "services/search_terms.hpp"

using namespace lifelong::services;

namespace {
std::vector<std::string> texts(const std::vector<search_term>& terms) {
  std::vector<std::string> out;
  for (const auto& t : terms) out.push_back(t.text);
  return out;
}
}  // namespace

TEST(SearchTerms, ChinesePairsLatinWordsAndNothingElse) {
  EXPECT_EQ(texts(terms_of("防诈骗", false)), (std::vector<std::string>{"诈骗", "防诈"}));
  EXPECT_EQ(texts(terms_of("Excel 入门：表格", false)), (std::vector<std::string>{"excel", "入门", "表格"}));
  EXPECT_EQ(texts(terms_of("学习Word2019，很简单!", false)),
            (std::vector<std::string>{"word2019", "学习", "很简", "简单"}));
  // Titles also index single characters; a lone character is always indexed.
  EXPECT_EQ(texts(terms_of("书法", true)), (std::vector<std::string>{"书", "书法", "法"}));
  EXPECT_EQ(texts(terms_of("A 书 B", false)), (std::vector<std::string>{"a", "b", "书"}));
  EXPECT_TRUE(terms_of("  ，。！", true).empty());
  EXPECT_TRUE(terms_of("\xFF\xFE bad \xE4", false).size() == 1u);  // broken bytes are separators
}

TEST(SearchTerms, QueriesNeedEveryPairAndKeepSingleCharacters) {
  EXPECT_EQ(query_terms("防诈"), std::vector<std::string>{"防诈"});
  EXPECT_EQ(query_terms("防范诈骗"), (std::vector<std::string>{"范诈", "诈骗", "防范"}));
  EXPECT_EQ(query_terms("Excel 入门"), (std::vector<std::string>{"excel", "入门"}));
  EXPECT_EQ(query_terms("EXCEL excel"), std::vector<std::string>{"excel"});
  EXPECT_EQ(query_terms("诈"), std::vector<std::string>{"诈"});
  EXPECT_TRUE(query_terms("%' -- ;").empty());
  std::string long_query;
  for (int i = 0; i < 40; ++i) long_query += "w" + std::to_string(i) + " ";
  EXPECT_EQ(query_terms(long_query).size(), 16u);
}

// The looser query for abbreviations: every character alone, and the words; none when the
// query has no run of two characters (then it would ask the same).
TEST(SearchTerms, TheLooserQueryAsksForEachCharacter) {
  EXPECT_EQ(query_characters("防诈"), (std::vector<std::string>{"诈", "防"}));  // in byte order
  EXPECT_EQ(query_characters("Excel 防骗"), (std::vector<std::string>{"excel", "防", "骗"}));
  EXPECT_EQ(query_characters("诈诈"), std::vector<std::string>{"诈"});
  EXPECT_TRUE(query_characters("诈").empty());
  EXPECT_TRUE(query_characters("excel word").empty());
  EXPECT_TRUE(query_characters("%' -- ;").empty());
  EXPECT_EQ(query_characters("一二三四五六七八九十甲乙丙丁戊己庚辛").size(), 16u);
}
