#pragma once
// An offline activity as the API and the pages show it.
#include <nlohmann/json.hpp>
#include <string>

#include "services/activity_service.hpp"

namespace lifelong::handlers {

// JSON with "starts_at" as ISO UTC and, for pages, "when" in the page's language.
nlohmann::json activity_json(const services::activity_row& a, const std::string& lang);

}  // namespace lifelong::handlers
