#pragma once
// What each transcoder worker says about itself in Redis, for /admin/system: a key per
// worker that lapses when the worker stops saying it (a dead process vanishes from the
// page within a minute). Written by transcoder/heartbeat, read by the server.
#include <cstdint>
#include <optional>
#include <string>

namespace lifelong {

inline constexpr const char* transcoder_status_prefix = "lifelong:transcoder:";

struct transcoder_status {
  std::string worker;          // the consumer name, e.g. "host-1"
  std::string state = "idle";  // "idle" or "working"
  std::uint64_t lesson_id = 0;
  std::uint32_t media_version = 0;
  int percent = 0;
  std::int64_t since = 0;  // unix seconds: when this state began
};

std::string to_json(const transcoder_status& s);
std::optional<transcoder_status> parse_transcoder_status(const std::string& json);

}  // namespace lifelong
