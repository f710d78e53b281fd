#include "json_input.hpp"

#include "http/errors.hpp"

namespace lifelong::handlers {

nlohmann::json json_object(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw http::bad_request("errors.bad_json");
  return j;
}

std::string json_text(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

services::course_fields course_fields_of(const nlohmann::json& body) {
  services::course_fields f;
  f.title = json_text(body, "title");
  f.summary = json_text(body, "summary");
  f.category_code = json_text(body, "category");
  if (auto c = body.find("credits"); c != body.end()) {
    if (!c->is_number()) throw http::bad_request("errors.credits_invalid", "credits");
    f.credits = c->get<double>();
  }
  if (auto g = body.find("learner_groups"); g != body.end()) {
    if (!g->is_array()) throw http::bad_request("errors.learner_group_unknown", "learner_groups");
    for (const auto& code : *g) {
      if (!code.is_string()) throw http::bad_request("errors.learner_group_unknown", "learner_groups");
      f.learner_groups.push_back(code.get<std::string>());
    }
  }
  return f;
}

std::uint32_t position_of(const nlohmann::json& value) {
  if (!value.is_number() || !(value.get<double>() >= 0) || value.get<double>() > 24.0 * 3600 * 1000)
    throw http::bad_request("errors.position_invalid", "position_ms");
  return static_cast<std::uint32_t>(value.get<double>());
}

services::progress_report progress_report_of(const nlohmann::json& body) {
  services::progress_report report;
  auto ranges = body.find("ranges");
  if (ranges == body.end() || !ranges->is_array() || ranges->size() > services::max_ranges_per_report)
    throw http::bad_request("errors.progress_invalid", "ranges");
  for (const auto& range : *ranges) {
    if (!range.is_array() || range.size() != 2 || !range[0].is_number() || !range[1].is_number())
      throw http::bad_request("errors.progress_invalid", "ranges");
    const double start = range[0].get<double>(), end = range[1].get<double>();
    if (!(start >= 0 && start <= end && end <= 24.0 * 3600))
      throw http::bad_request("errors.progress_invalid", "ranges");
    report.ranges.emplace_back(start, end);
  }
  return report;
}

std::vector<std::uint64_t> unit_ids_of(const nlohmann::json& body) {
  std::vector<std::uint64_t> units;
  auto list = body.find("unit_ids");
  if (list == body.end() || !list->is_array()) throw http::bad_request("errors.audience_invalid", "unit_ids");
  for (const auto& u : *list) {
    if (!u.is_number_unsigned() || u.get<std::uint64_t>() == 0)
      throw http::bad_request("errors.audience_invalid", "unit_ids");
    units.push_back(u.get<std::uint64_t>());
  }
  return units;
}

}  // namespace lifelong::handlers
