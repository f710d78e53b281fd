#pragma once
// Terms for searching Chinese and mixed text without a word list. MariaDB's FULLTEXT
// splits on spaces, which Chinese does not have, so Lifelong keeps its own n-gram index:
// every pair of neighbouring Chinese characters is a term (a two-character query such
// as 防诈 is one term; 防范诈骗 is three, all required), and Latin letters and digits make
// lower-case words (Excel → excel). Titles also index single characters, so a one-
// character query finds titles.
#include <string>
#include <vector>

namespace lifelong::services {

struct search_term {
  std::string text;     // UTF-8, at most 32 bytes
  bool single = false;  // a single Chinese character
  bool operator<(const search_term& o) const { return text < o.text; }
  bool operator==(const search_term& o) const { return text == o.text; }
};

// Distinct terms of `text`; with `singles`, single Chinese characters too.
std::vector<search_term> terms_of(const std::string& text, bool singles);
// The terms a query must all match: pairs for Chinese runs of two or more characters,
// the character itself for a run of one, words for the rest.
std::vector<std::string> query_terms(const std::string& query);
// The looser match, for abbreviations and near words (防诈 for 防范诈骗): each Chinese
// character of the query on its own (titles index them), and its words. Empty when it
// would be the same as query_terms.
std::vector<std::string> query_characters(const std::string& query);

}  // namespace lifelong::services
