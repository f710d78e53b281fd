#include "stats_model.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <optional>

#include "http/errors.hpp"

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
  return {day_text(from), day_text(to)};
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
          {"hours", rounded(p.seconds / 3600.0, 1)}};
}

}  // namespace lifelong::handlers
