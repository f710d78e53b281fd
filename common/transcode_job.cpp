#include "transcode_job.hpp"

#include <nlohmann/json.hpp>

namespace lifelong {

std::string to_json(const transcode_job& job) {
  return nlohmann::json{{"lesson_id", job.lesson_id},
                        {"version", job.media_version},
                        {"source", job.source_path},
                        {"attempt", job.attempt}}
      .dump();
}

std::optional<transcode_job> parse_job(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  auto id = j.find("lesson_id");
  auto src = j.find("source");
  if (id == j.end() || !id->is_number_unsigned() || src == j.end() || !src->is_string()) return std::nullopt;
  transcode_job job;
  job.lesson_id = id->get<std::uint64_t>();
  job.source_path = src->get<std::string>();
  if (auto v = j.find("version"); v != j.end() && v->is_number_unsigned()) job.media_version = v->get<std::uint32_t>();
  if (auto a = j.find("attempt"); a != j.end() && a->is_number_unsigned()) job.attempt = a->get<std::uint32_t>();
  return job;
}

}  // namespace lifelong
