#pragma once
// Charts drawn on the server: the models of templates/partials/{bar,column}_chart.mustache.
// Each is hidden from screen readers; the same numbers are in the table beside it.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace lifelong::handlers {

using chart_rows = std::vector<std::pair<std::string, double>>;  // name, value
using value_text = std::function<std::string(double)>;

// One horizontal bar a row; `target` (when > 0) draws a line at that value, captioned.
nlohmann::json bar_chart(const chart_rows& rows, const value_text& text, double target = 0,
                         const std::string& target_label = "");
// One column a row, left to right (a trend over weeks or months).
nlohmann::json column_chart(const chart_rows& rows, const value_text& text);

// A line of shares (0..1) from left to right, with lines at 0, 50 and 100 %.
nlohmann::json line_chart(const std::vector<double>& shares);

std::string percent_text(double rate);  // "12.5%", "0.03%"
std::string number_text(double value);  // "12", "3.5", "12,345"

}  // namespace lifelong::handlers
