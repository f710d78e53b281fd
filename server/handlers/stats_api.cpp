// Participation figures of an administrator's area: JSON, and CSV for spreadsheets
// (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese names).
#include <chrono>
#include <cmath>
#include <cstdio>

#include "pages.hpp"
#include "routes.hpp"
#include "services/participation_service.hpp"
#include "unit_admin.hpp"

namespace lifelong::handlers {
namespace {
using namespace std::chrono;

constexpr int longest_period_days = 731;

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

struct period {
  std::string from, to;
};

// ?from=&to= (both days included); by default the 30 days up to today in China.
period read_period(const http::request& req) {
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

double rounded(double x, int places) {
  const double f = std::pow(10.0, places);
  return std::round(x * f) / f;
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

// A CSV field, quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_of(app& a, const std::string& lang, const nlohmann::json& figures) {
  static const char* columns[] = {"population", "registered", "active",      "active_7d", "active_30d",
                                  "participation_rate", "enrolments", "completions", "credits", "hours"};
  std::string out = "\xEF\xBB\xBF" + csv_field(a.views.message(lang, "stats.unit"));
  for (const char* c : columns) out += "," + csv_field(a.views.message(lang, std::string("stats.") + c));
  out += "\r\n";
  auto row = [&](const nlohmann::json& f, const std::string& name) {
    out += csv_field(name);
    for (const char* c : columns) {
      const auto& v = f[c];
      out += "," + (v.is_number_float() ? nlohmann::json(v).dump() : std::to_string(v.get<std::uint64_t>()));
    }
    out += "\r\n";
  };
  for (const auto& child : figures["children"]) row(child, child["unit"]["name"].get<std::string>());
  row(figures["total"], figures["total"]["unit"]["name"].get<std::string>() + " " + a.views.message(lang, "stats.total"));
  return out;
}

}  // namespace

void add_stats_api(http::router& r, app& a) {
  r.add("GET", "/api/v1/stats/units/{id}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto& who = require_user(req);
    const auto unit = req.id_param("id");
    const auto p = read_period(req);
    const bool csv = req.query.count("format") && req.query.at("format") == "csv";
    if (req.query.count("format") && !csv) throw http::bad_request("errors.format_unknown", "format");
    auto area = co_await net::offload(a.blocking, [&] {
      require_administrator(a, who, unit);
      return a.participation.of(unit, p.from, p.to);
    });
    nlohmann::json out{{"from", p.from}, {"to", p.to}, {"total", figures_json(area.total)}};
    out["children"] = nlohmann::json::array();
    for (const auto& c : area.children) out["children"].push_back(figures_json(c));
    if (!csv) co_return http::json_reply(out.dump());
    http::reply rep;
    rep.body = csv_of(a, req.lang, out);
    rep.header("Content-Type", "text/csv; charset=utf-8");
    rep.header("Content-Disposition", "attachment; filename=\"participation-" + std::to_string(unit) + "-" + p.from +
                                          "-" + p.to + ".csv\"");
    co_return rep;
  });
}

}  // namespace lifelong::handlers
