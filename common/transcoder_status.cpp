#include "transcoder_status.hpp"

#include <nlohmann/json.hpp>

namespace lifelong {

std::string to_json(const transcoder_status& s) {
  return nlohmann::json{{"worker", s.worker},         {"state", s.state},     {"lesson_id", s.lesson_id},
                        {"version", s.media_version}, {"percent", s.percent}, {"since", s.since}}
      .dump();
}

std::optional<transcoder_status> parse_transcoder_status(const std::string& json) {
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  transcoder_status s;
  try {
    s.worker = j.at("worker").get<std::string>();
    s.state = j.at("state").get<std::string>();
    s.lesson_id = j.value("lesson_id", std::uint64_t{0});
    s.media_version = j.value("version", std::uint32_t{0});
    s.percent = j.value("percent", 0);
    s.since = j.value("since", std::int64_t{0});
  } catch (const nlohmann::json::exception&) {
    return std::nullopt;
  }
  return s;
}

}  // namespace lifelong
