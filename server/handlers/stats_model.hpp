#pragma once
// What the figures API and the dashboard page share: the period asked for and the JSON
// of one unit's figures.
#include <nlohmann/json.hpp>
#include <string>

#include "http/request.hpp"
#include "services/participation_service.hpp"

namespace lifelong::handlers {

struct stats_period {
  std::string from, to;  // "YYYY-MM-DD", both included
};

// ?from=&to=; by default the 30 days up to today in China. bad_request naming the field
// for a date that is not YYYY-MM-DD, a reversed period or one longer than two years.
stats_period read_period(const http::request& req);
nlohmann::json figures_json(const services::unit_figures& u);

}  // namespace lifelong::handlers
