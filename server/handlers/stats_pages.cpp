// /admin/stats: the dashboard of an administrator's area for a period: its figures, each
// unit below it side by side as bars of participation against the 50 % target (SVG drawn
// here, the same numbers in the table beside it), and that table as CSV.
#include <algorithm>
#include <cstdio>

#include "pages.hpp"
#include "routes.hpp"
#include "stats_model.hpp"
#include "unit_admin.hpp"

namespace lifelong::handlers {
namespace {

constexpr double target_rate = 0.5;  // the plans' "half of residents take part"
constexpr int chart_label_width = 160, chart_bar_width = 420, chart_row = 36;

std::string percent_text(double rate) {
  char buf[16];
  // Small shares keep two decimals: early in a campaign 0.03 % is not 0.0 %.
  std::snprintf(buf, sizeof buf, rate > 0 && rate < 0.01 ? "%.2f%%" : "%.1f%%", rate * 100);
  return buf;
}

// Bars of participation per unit below, scaled so the target line and the longest bar fit.
nlohmann::json chart_of(const nlohmann::json& children) {
  double widest = target_rate * 1.2;
  for (const auto& c : children) widest = std::max(widest, c["participation_rate"].get<double>() * 1.05);
  auto bars = nlohmann::json::array();
  int y = 0;
  for (const auto& c : children) {
    const double rate = c["participation_rate"].get<double>();
    bars.push_back({{"y", y}, {"text_y", y + chart_row / 2 + 6}, {"name", c["unit"]["name"]},
                    {"width", static_cast<int>(rate / widest * chart_bar_width)}, {"label", percent_text(rate)},
                    {"label_x", chart_label_width + static_cast<int>(rate / widest * chart_bar_width) + 6}});
    y += chart_row;
  }
  return {{"bars", bars},
          {"height", y + 24},
          {"width", chart_label_width + chart_bar_width + 80},
          {"bar_x", chart_label_width},
          {"bar_height", chart_row - 10},
          {"target_x", chart_label_width + static_cast<int>(target_rate / widest * chart_bar_width)},
          {"target_label_y", y + 18}};
}

}  // namespace

void add_stats_pages(http::router& r, app& a) {
  r.add("GET", "/admin/stats", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto& who = require_user(req);
    nlohmann::json model;
    int status = 200;
    stats_period period;
    try {
      period = read_period(req);
    } catch (const http::http_error& e) {  // the default period, and what was wrong with the typed one
      model["error"] = a.views.message(req.lang, e.message_key);
      status = e.status;
      http::request plain;
      period = read_period(plain);
    }
    auto [area, unit, parent] = co_await net::offload(a.blocking, [&] {
      const auto root = administered_root(a, who);
      if (!root) throw http::forbidden();
      auto unit = *root;
      if (auto u = req.query.find("unit"); u != req.query.end()) unit = http::parse_id(u->second);
      if (unit == 0) throw http::not_found();
      require_administrator(a, who, unit);
      // "One level up" while that is still the person's own area.
      const auto path = a.users.unit_path(unit);
      std::uint64_t parent = 0;
      if (unit != *root && path.size() > 1) parent = path[1];
      return std::make_tuple(a.participation.of(unit, period.from, period.to), unit, parent);
    });
    auto total = figures_json(area.total);
    total["rate_text"] = percent_text(total["participation_rate"].get<double>());
    auto children = nlohmann::json::array();
    for (const auto& c : area.children) {
      auto row = figures_json(c);
      row["rate_text"] = percent_text(row["participation_rate"].get<double>());
      row["has_children"] = c.unit.level != "community";
      children.push_back(std::move(row));
    }
    model["unit_id"] = unit;
    model["unit_name"] = area.total.unit.name;
    model["from"] = period.from;
    model["to"] = period.to;
    model["total"] = total;
    model["children"] = children;
    model["has_children"] = !children.empty();
    model["chart"] = chart_of(children);
    if (parent) model["parent"] = parent;
    model["csv"] = "/api/v1/stats/units/" + std::to_string(unit) + "?format=csv&from=" + period.from + "&to=" + period.to;
    model["page_title"] = a.views.message(req.lang, "stats.heading");
    co_return page(a, req, "admin_stats", std::move(model), status);
  });
}

}  // namespace lifelong::handlers
