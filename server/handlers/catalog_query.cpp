#include "catalog_query.hpp"

#include <algorithm>
#include <charconv>

#include "http/errors.hpp"
#include "http/form.hpp"
#include "pages.hpp"
#include "services/search_terms.hpp"
#include "services/text_rules.hpp"

namespace lifelong::handlers {
namespace {
std::string param(const http::request& req, const char* name) {
  auto it = req.query.find(name);
  return it == req.query.end() ? std::string() : it->second;
}
// Codes of the categories whose name holds the words ("法律" finds 法律常识), in either
// language (English without regard to case).
std::vector<std::string> categories_named(const std::vector<services::category_row>& categories,
                                          const std::string& words) {
  auto lower = [](std::string s) {
    for (auto& c : s)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
  };
  std::vector<std::string> out;
  if (services::utf8_length(words) < 2) return out;  // one character names half the list
  const auto w = lower(words);
  for (const auto& c : categories)
    if (c.name_zh.find(words) != std::string::npos || lower(c.name_en).find(w) != std::string::npos)
      out.push_back(c.code);
  return out;
}
}  // namespace

catalog_query read_catalog_query(const http::request& req, const std::vector<services::category_row>& categories,
                                 const std::vector<services::learner_group_row>& groups) {
  catalog_query q;
  auto& f = q.filter;
  q.words = search_query(req);
  if (!q.words.empty()) {
    f.searching = true;
    f.terms = services::query_terms(q.words);
    f.characters = services::query_characters(q.words);
    f.categories = categories_named(categories, q.words);
    q.canonical += "q=" + http::url_encode(q.words) + "&";
  }
  f.category = param(req, "category");
  if (!f.category.empty()) {
    if (std::none_of(categories.begin(), categories.end(), [&](const auto& c) { return c.code == f.category; }))
      throw http::bad_request("errors.category_unknown", "category");
    q.canonical += "category=" + f.category + "&";
  }
  f.learner_group = param(req, "group");
  if (!f.learner_group.empty()) {
    if (std::none_of(groups.begin(), groups.end(), [&](const auto& g) { return g.code == f.learner_group; }))
      throw http::bad_request("errors.learner_group_unknown", "group");
    q.canonical += "group=" + f.learner_group + "&";
  }
  q.unit = param(req, "unit");
  if (!q.unit.empty()) {
    const auto* end = q.unit.data() + q.unit.size();
    auto [ptr, ec] = std::from_chars(q.unit.data(), end, f.unit_id);
    if (ec != std::errc() || ptr != end || f.unit_id == 0)
      throw http::bad_request("errors.unit_filter_invalid", "unit");
    q.canonical += "unit=" + q.unit + "&";
  }
  q.sort = param(req, "sort");
  if (q.sort.empty()) q.sort = f.searching ? "relevance" : "newest";
  if (q.sort == "newest") {
    f.order = services::catalog_order::newest;
  } else if (q.sort == "popular") {
    f.order = services::catalog_order::most_watched;
  } else if (q.sort == "rated") {
    f.order = services::catalog_order::best_rated;
  } else if (q.sort == "near") {
    if (!req.user || req.user->home_path.size() < 3) throw http::bad_request("errors.near_needs_home", "sort");
    f.order = services::catalog_order::near_home;
  } else if (q.sort == "relevance" && f.searching) {
    f.order = services::catalog_order::best_match;
  } else {
    throw http::bad_request("errors.sort_unknown", "sort");
  }
  q.canonical += "sort=" + q.sort + "&";
  return q;
}

}  // namespace lifelong::handlers
