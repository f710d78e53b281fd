#include "stats_charts.hpp"

#include <algorithm>
#include <cstdio>

#include "view/local_format.hpp"

namespace lifelong::handlers {
namespace {

// Charts are drawn at their own size (one unit a CSS pixel, text 16 px) and never scaled
// to fit: a week or a year of columns, one unit or fifty, reads the same, and a chart
// wider than the screen scrolls inside its box. A bar's name sits above it, so a bar
// chart fits a 320 px phone.
constexpr int bar_width = 240, value_space = 80, name_height = 20, bar_thickness = 22, row_height = 54;
constexpr int column_area_height = 200, column_step = 48, axis_label_height = 40;

}  // namespace

std::string percent_text(double rate) {
  char buf[16];
  // Small shares keep two decimals: early in a campaign 0.03 % is not 0.0 %.
  std::snprintf(buf, sizeof buf, rate > 0 && rate < 0.01 ? "%.2f%%" : "%.1f%%", rate * 100);
  return buf;
}

std::string number_text(double value) {
  return view::grouped_number(value);
}

nlohmann::json bar_chart(const chart_rows& rows, const value_text& text, double target,
                         const std::string& target_label) {
  double widest = target > 0 ? target * 1.2 : 0;
  for (const auto& [name, value] : rows) widest = std::max(widest, value * 1.05);
  if (widest <= 0) widest = 1;
  auto bars = nlohmann::json::array();
  int y = 0;
  for (const auto& [name, value] : rows) {
    const int width = static_cast<int>(value / widest * bar_width);
    bars.push_back({{"y", y + name_height},
                    {"name_y", y + name_height - 5},
                    {"text_y", y + name_height + bar_thickness - 6},
                    {"name", name},
                    {"width", width},
                    {"label", text(value)},
                    {"label_x", width + 6}});
    y += row_height;
  }
  nlohmann::json chart{{"bars", bars},
                       {"height", y + (target > 0 ? 24 : 0)},
                       {"width", bar_width + value_space},
                       {"bar_x", 0},
                       {"bar_height", bar_thickness}};
  if (target > 0)
    chart["target"] = {
        {"x", static_cast<int>(target / widest * bar_width)}, {"label_y", y + 18}, {"label", target_label}};
  return chart;
}

nlohmann::json line_chart(const std::vector<double>& shares) {
  constexpr int left = 48, width = 400, height = 160, top = 10;
  std::string points;
  for (std::size_t i = 0; i < shares.size(); ++i) {
    const int x = left + static_cast<int>(shares.size() > 1 ? i * width / (shares.size() - 1) : 0);
    const int y = top + static_cast<int>((1.0 - std::clamp(shares[i], 0.0, 1.0)) * height);
    points += (points.empty() ? "" : " ") + std::to_string(x) + "," + std::to_string(y);
  }
  auto grid = nlohmann::json::array();
  for (int share : {100, 50, 0})
    grid.push_back({{"y", top + (100 - share) * height / 100},
                    {"label_y", top + (100 - share) * height / 100 + 5},
                    {"label", std::to_string(share) + "%"}});
  return {{"points", points},
          {"grid", grid},
          {"left", left},
          {"right", left + width},
          {"width", left + width + 10},
          {"height", top + height + 20}};
}

nlohmann::json column_chart(const chart_rows& rows, const value_text& text) {
  double highest = 0;
  for (const auto& [name, value] : rows) highest = std::max(highest, value * 1.1);
  if (highest <= 0) highest = 1;
  auto columns = nlohmann::json::array();
  int x = 0;
  for (const auto& [name, value] : rows) {
    const int height = static_cast<int>(value / highest * column_area_height);
    columns.push_back({{"x", x + 6},
                       {"y", 20 + column_area_height - height},
                       {"height", height},
                       {"width", column_step - 12},
                       {"middle", x + column_step / 2},
                       {"label", text(value)},
                       {"label_y", 14 + column_area_height - height},
                       {"name", name},
                       {"name_y", 20 + column_area_height + 18}});
    x += column_step;
  }
  return {{"columns", columns},
          {"width", std::max(x, column_step)},
          {"height", 20 + column_area_height + axis_label_height},
          {"base_y", 20 + column_area_height}};
}

}  // namespace lifelong::handlers
