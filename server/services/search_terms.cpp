#include "search_terms.hpp"

#include <algorithm>
#include <cstdint>

namespace lifelong::services {
namespace {

struct code_point {
  char32_t value;
  std::string bytes;
};

// Invalid bytes become separators: search text is never rejected.
std::vector<code_point> decode(const std::string& s) {
  std::vector<code_point> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > s.size()) {
      out.push_back({U' ', " "});
      ++i;
      continue;
    }
    char32_t v = n == 1 ? c : c & (0xFF >> (n + 1));
    for (std::size_t k = 1; k < n; ++k) v = (v << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back({v, s.substr(i, n)});
    i += n;
  }
  return out;
}

bool is_han(char32_t c) {
  return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}
bool is_word_char(char32_t c) {
  return (c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}

// Calls han(run) for each run of Chinese characters and word(w) for each Latin word.
template <class Han, class Word>
void split(const std::string& text, Han han, Word word) {
  const auto points = decode(text);
  for (std::size_t i = 0; i < points.size();) {
    if (is_han(points[i].value)) {
      std::vector<std::string> run;
      while (i < points.size() && is_han(points[i].value)) run.push_back(points[i++].bytes);
      han(run);
    } else if (is_word_char(points[i].value)) {
      std::string w;
      while (i < points.size() && is_word_char(points[i].value)) {
        const auto c = static_cast<char>(points[i++].value);
        if (w.size() < 32) w += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      }
      word(w);
    } else {
      ++i;
    }
  }
}

}  // namespace

std::vector<search_term> terms_of(const std::string& text, bool singles) {
  std::vector<search_term> out;
  split(
      text,
      [&](const std::vector<std::string>& run) {
        for (std::size_t k = 0; k + 1 < run.size(); ++k) out.push_back({run[k] + run[k + 1], false});
        if (singles || run.size() == 1)
          for (const auto& c : run) out.push_back({c, true});
      },
      [&](const std::string& w) {
        out.push_back({w, false});
      });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> query_terms(const std::string& query) {
  std::vector<std::string> out;
  split(
      query,
      [&](const std::vector<std::string>& run) {
        if (run.size() == 1) out.push_back(run[0]);
        for (std::size_t k = 0; k + 1 < run.size(); ++k) out.push_back(run[k] + run[k + 1]);
      },
      [&](const std::string& w) { out.push_back(w); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.size() > 16) out.resize(16);  // a pasted paragraph is not a query
  return out;
}

std::vector<std::string> query_characters(const std::string& query) {
  std::vector<std::string> out;
  bool looser = false;  // a run of two or more characters: pairs would be asked for
  split(
      query,
      [&](const std::vector<std::string>& run) {
        looser = looser || run.size() > 1;
        out.insert(out.end(), run.begin(), run.end());
      },
      [&](const std::string& w) { out.push_back(w); });
  if (!looser) return {};
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.size() > 16) out.resize(16);
  return out;
}

}  // namespace lifelong::services
