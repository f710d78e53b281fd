#pragma once
// What the API reads out of JSON bodies, checked field by field: pure functions (no
// application state), so a fuzz target can drive them with any bytes (tests/fuzz/json_body).
// Each throws http::bad_request naming the field at fault.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

#include "services/course_service.hpp"
#include "services/progress_service.hpp"

namespace lifelong::handlers {

// The body as a JSON object, or bad_request ("errors.bad_json").
nlohmann::json json_object(const std::string& body);
std::string json_text(const nlohmann::json& body, const char* key);  // "" unless a string
services::course_fields course_fields_of(const nlohmann::json& body);
// A playback position in milliseconds: a number from 0 to a day.
std::uint32_t position_of(const nlohmann::json& value);
// {"ranges": [[start, end], …] in seconds, at most max_ranges_per_report, within a day}.
services::progress_report progress_report_of(const nlohmann::json& body);
// {"unit_ids": [id, …]}: positive whole numbers.
std::vector<std::uint64_t> unit_ids_of(const nlohmann::json& body);

}  // namespace lifelong::handlers
