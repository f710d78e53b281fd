#pragma once
// What the figures API and the dashboard page share: the period asked for and the JSON
// of one unit's figures.
#include <nlohmann/json.hpp>
#include <string>

#include "http/request.hpp"
#include "services/course_service.hpp"
#include "services/participation_service.hpp"
#include "view/views.hpp"

namespace lifelong::handlers {

struct stats_period {
  std::string from, to;  // "YYYY-MM-DD", both included
  std::string by;        // the trend's step: "week" or "month"
};

// ?from=&to=&by=; by default the 30 days up to today in China, by week (by month for
// periods over 92 days). bad_request naming the field for a date that is not YYYY-MM-DD,
// a reversed period, one longer than two years, or a step other than week or month.
stats_period read_period(const http::request& req);
nlohmann::json figures_json(const services::unit_figures& u);
// The trend, the splits and the top courses, named in the page's language; each row has
// the sums "starters", "enrolments", "completions", "credits", "hours".
// Categories are named from `categories` in the reader's language, groups by the messages.
nlohmann::json breakdown_json(const view::views& v, const std::string& lang, const services::area_breakdown& b,
                              const std::vector<services::category_row>& categories);

}  // namespace lifelong::handlers
