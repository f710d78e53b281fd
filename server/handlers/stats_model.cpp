#include "stats_model.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include "http/errors.hpp"
#include "view/local_format.hpp"

namespace lifelong::handlers {
namespace {
using namespace std::chrono;

constexpr int longest_period_days = 731;

double rounded(double x, int places) {
  const double f = std::pow(10.0, places);
  return std::round(x * f) / f;
}

std::string day_text(sys_days d) {
  const year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

std::optional<sys_days> read_day(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) return std::nullopt;
  const year_month_day ymd{year{y}, month{m}, day{d}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}

}  // namespace

stats_period read_period(const http::request& req) {
  const auto today = floor<days>(system_clock::now() + hours(8));
  auto given = [&](const char* name) -> std::optional<sys_days> {
    auto it = req.query.find(name);
    if (it == req.query.end() || it->second.empty()) return std::nullopt;
    auto d = read_day(it->second);
    if (!d) throw http::bad_request("errors.date_invalid", name);
    return d;
  };
  const auto to = given("to").value_or(today);
  const auto from = given("from").value_or(to - days(29));
  if (from > to) throw http::bad_request("errors.period_reversed", "from");
  if ((to - from).count() >= longest_period_days) throw http::bad_request("errors.period_too_long", "from");
  std::string by = (to - from).count() < 92 ? "week" : "month";
  if (auto it = req.query.find("by"); it != req.query.end() && !it->second.empty()) {
    if (it->second != "week" && it->second != "month") throw http::bad_request("errors.trend_by_invalid", "by");
    by = it->second;
  }
  return {day_text(from), day_text(to), by};
}

nlohmann::json figures_json(const services::unit_figures& u) {
  const auto& p = u.figures;
  return {{"unit", {{"id", u.unit.id}, {"name", u.unit.name}, {"level", u.unit.level}}},
          {"population", p.population},
          {"registered", p.registered},
          {"active", p.active},
          {"active_7d", p.active_7d},
          {"active_30d", p.active_30d},
          {"participation_rate", rounded(p.rate(), 4)},
          {"enrolments", p.enrolments},
          {"completions", p.completions},
          {"credits", rounded(p.credits, 1)},
          {"hours", rounded(p.seconds / 3600.0, 1)},
          {"activities", p.activities},
          {"attendance", p.attendance},
          {"ratings", p.ratings},
          {"rating_average", rounded(p.rating_average(), 2)},
          {"satisfied_share", rounded(p.satisfied_share(), 4)}};
}

nlohmann::json breakdown_json(const view::views& v, const std::string& lang, const services::area_breakdown& b,
                              const std::vector<services::category_row>& categories) {
  auto sums = [](const services::slice_figures& s) {
    return nlohmann::json{{"starters", s.starters},
                          {"enrolments", s.enrolments},
                          {"completions", s.completions},
                          {"credits", rounded(s.credits, 1)},
                          {"hours", rounded(s.seconds / 3600.0, 1)}};
  };
  nlohmann::json out{{"trend_by", b.trend_by},
                     {"trend", nlohmann::json::array()},
                     {"categories", nlohmann::json::array()},
                     {"groups", nlohmann::json::array()},
                     {"top_courses", nlohmann::json::array()}};
  for (const auto& t : b.trend) {
    auto row = sums(t);
    row["start"] = t.key;
    row["label"] = b.trend_by == "month" ? view::month_text(t.key, lang) : view::date_text(t.key, lang);
    row["active"] = t.active;
    row["ratings"] = t.ratings;
    row["rating_average"] = t.ratings ? rounded(double(t.rating_stars) / double(t.ratings), 2) : 0.0;
    row["satisfied_share"] = t.ratings ? rounded(double(t.satisfied) / double(t.ratings), 4) : 0.0;
    out["trend"].push_back(std::move(row));
  }
  for (const auto& c : b.categories) {
    auto row = sums(c);
    row["code"] = c.key;
    row["name"] = c.key;
    for (const auto& category : categories)
      if (category.code == c.key) row["name"] = lang == "en" ? category.name_en : category.name_zh;
    out["categories"].push_back(std::move(row));
  }
  for (const auto& g : b.groups) {
    auto row = sums(g);
    row["code"] = g.key;
    row["name"] = v.message(lang, "learner_groups." + g.key);
    out["groups"].push_back(std::move(row));
  }
  for (const auto& c : b.top_courses) {
    auto row = sums(c);
    row["id"] = std::stoull(c.key);
    row["title"] = c.name;
    row["category"] = c.extra;
    out["top_courses"].push_back(std::move(row));
  }
  return out;
}

}  // namespace lifelong::handlers
