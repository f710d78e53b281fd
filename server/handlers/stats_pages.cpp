// /admin/stats: the dashboard of an administrator's area for a period: its figures, each
// unit below it side by side against the 50 % target, the trend by week or month, the
// split by category and learner group, the top courses; each chart with its table, each
// table as CSV. /admin/stats/report: the same for a calendar year, by month, for print.
#include "pages.hpp"
#include "routes.hpp"
#include "stats_charts.hpp"
#include "stats_model.hpp"

namespace lifelong::handlers {
namespace {

constexpr double target_rate = 0.5;  // the plans' "half of residents take part"

std::string hours_text(double h) {
  return number_text(h);
}

chart_rows rows_of(const nlohmann::json& list, const char* name, const char* value) {
  chart_rows out;
  for (const auto& r : list) out.emplace_back(r[name].get<std::string>(), r[value].get<double>());
  return out;
}

// The unit asked for (?unit=, else the person's own area) and the one above it while that
// is still theirs (0 otherwise). Runs on the blocking pool.
std::pair<std::uint64_t, std::uint64_t> unit_and_parent(app& a, const http::request& req,
                                                        const services::session& who) {
  const auto root = a.units.administered_root(who);
  if (!root) throw http::forbidden();
  auto unit = *root;
  if (auto u = req.query.find("unit"); u != req.query.end()) unit = http::parse_id(u->second);
  if (unit == 0) throw http::not_found();
  const auto path = a.units.path(unit);  // whether it is theirs, the figures' reading decides
  return {unit, unit != *root && path.size() > 1 ? path[1] : 0};
}

// The page's copy of a row of figures shows them with thousands separated (the API and
// the CSV keep plain numbers); the rate has its own text.
void group_numbers(nlohmann::json& row) {
  for (auto& [key, value] : row.items())
    if (value.is_number() && key != "participation_rate" && key != "id") value = number_text(value.get<double>());
}

// Everything both pages show of the area in the period.
nlohmann::json area_model(app& a, http::request& req, const stats_period& period) {
  const auto& who = require_user(req);
  const auto [unit, parent] = unit_and_parent(a, req, who);
  const auto area = a.participation.of(who, unit, period.from, period.to);
  const auto parts = a.participation.breakdown(who, unit, period.from, period.to, period.by);
  nlohmann::json model;
  auto total = figures_json(area.total);
  total["rate_text"] = percent_text(total["participation_rate"].get<double>());
  auto children = nlohmann::json::array();
  chart_rows rates;
  for (const auto& c : area.children) {
    auto row = figures_json(c);
    row["rate_text"] = percent_text(row["participation_rate"].get<double>());
    row["has_children"] = c.unit.level != "community";
    rates.emplace_back(c.unit.name, row["participation_rate"].get<double>());
    children.push_back(std::move(row));
  }
  // Satisfaction in words: the average to a tenth and the share of 4–5 stars, or a dash
  // where nobody rated (no average of nothing).
  auto satisfaction_texts = [](nlohmann::json& row) {
    const bool any = row["ratings"].get<std::uint64_t>() > 0;
    char average[8];
    std::snprintf(average, sizeof average, "%.1f", row["rating_average"].get<double>());
    row["rating_average_text"] = any ? std::string(average) : "—";
    row["satisfied_text"] = any ? percent_text(row["satisfied_share"].get<double>()) : "—";
  };
  satisfaction_texts(total);
  for (auto& row : children) satisfaction_texts(row);
  auto parts_json = breakdown_json(a.views, req.lang, parts, a.courses.categories());
  for (auto& row : parts_json["trend"]) satisfaction_texts(row);
  for (auto& t : parts_json["trend"])  // short names under the columns: "11-16", "2026-11"
    t["short"] =
        period.by == "month" ? t["start"].get<std::string>().substr(0, 7) : t["start"].get<std::string>().substr(5);
  model["unit_id"] = unit;
  model["unit_name"] = area.total.unit.name;
  model["from"] = period.from;
  model["to"] = period.to;
  model["by_week"] = period.by == "week";
  model["total"] = total;
  model["children"] = children;
  model["has_children"] = !children.empty();
  model["chart"] = bar_chart(rates, percent_text, target_rate, a.views.message(req.lang, "stats.target"));
  model["trend"] = parts_json["trend"];
  model["trend_chart"] = column_chart(rows_of(parts_json["trend"], "short", "active"), number_text);
  model["trend_by_label"] = a.views.message(req.lang, "stats.by_" + period.by);
  for (const char* list : {"categories", "groups", "top_courses"}) {
    model[list] = parts_json[list];
    model[std::string("has_") + list] = !parts_json[list].empty();
  }
  model["categories_chart"] = bar_chart(rows_of(parts_json["categories"], "name", "hours"), hours_text);
  model["groups_chart"] = bar_chart(rows_of(parts_json["groups"], "name", "hours"), hours_text);
  // The charts above took the numbers; the tables show them grouped.
  group_numbers(model["total"]);
  for (const char* list : {"children", "trend", "categories", "groups", "top_courses"})
    for (auto& row : model[list]) group_numbers(row);
  if (parent) model["parent"] = parent;
  const std::string csv = "/api/v1/stats/units/" + std::to_string(unit) + "?format=csv&from=" + period.from +
                          "&to=" + period.to + "&by=" + period.by;
  model["csv"] = csv;
  for (const char* t : {"satisfaction", "trend", "categories", "groups", "courses"})
    model[std::string("csv_") + t] = csv + "&table=" + t;
  return model;
}

// ?year=: a calendar year in China up to this one; by default this one (up to today).
stats_period year_period(const http::request& req, int& year) {
  http::request today_only;
  const auto today = read_period(today_only).to;
  const int this_year = std::stoi(today.substr(0, 4));
  year = this_year;
  if (auto y = req.query.find("year"); y != req.query.end() && !y->second.empty()) {
    const auto& text = y->second;
    if (text.size() != 4 || text.find_first_not_of("0123456789") != std::string::npos)
      throw http::bad_request("errors.year_invalid", "year");
    year = std::stoi(text);
    if (year < 2000 || year > this_year) throw http::bad_request("errors.year_invalid", "year");
  }
  const std::string y = std::to_string(year);
  return {y + "-01-01", year == this_year ? today : y + "-12-31", "month"};
}

}  // namespace

void add_stats_pages(http::router& r, app& a) {
  r.add("GET", "/admin/stats", [&a](http::request& req) -> http::reply {
    require_user(req);
    stats_period period;
    nlohmann::json problem = nlohmann::json::object();
    int status = 200;
    try {
      period = read_period(req);
    } catch (const http::http_error& e) {  // the default period, and what was wrong with the typed one
      problem["error"] = a.views.message(req.lang, e.message_key);
      problem[e.field == "by" ? "error_on_by" : "error_on_dates"] = true;
      status = e.status;
      http::request plain;
      period = read_period(plain);
    }
    auto model = area_model(a, req, period);
    model.update(problem);
    model["page_title"] = a.views.message(req.lang, "stats.heading");
    return page(a, req, "admin_stats", std::move(model), status);
  });

  r.add("GET", "/admin/stats/report", [&a](http::request& req) -> http::reply {
    require_user(req);
    int year = 0, status = 200;
    stats_period period;
    nlohmann::json problem = nlohmann::json::object();
    try {
      period = year_period(req, year);
    } catch (const http::http_error& e) {  // this year, and what was wrong with the typed one
      problem["error"] = a.views.message(req.lang, e.message_key);
      status = e.status;
      http::request plain;
      period = year_period(plain, year);
    }
    auto model = area_model(a, req, period);
    model.update(problem);
    model["year"] = year;
    model["generated"] = read_period(http::request{}).to;
    model["page_title"] = a.views.message(req.lang, "stats.report_heading");
    return page(a, req, "admin_report", std::move(model), status);
  });
}

}  // namespace lifelong::handlers
