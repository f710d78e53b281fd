#pragma once
// What each transcoder worker says about itself in Redis, for /admin/system: a key per
// worker that lapses when the worker stops saying it (a dead process vanishes from the
// page within a minute). Written by transcoder/heartbeat, read by the server.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace lifelong {

inline constexpr const char* transcoder_status_prefix = "lifelong:transcoder:";
// The workers that have spoken, scored by when their word lapses (unix ms): the page reads
// this one set instead of scanning the keyspace, which misses keys on a big site.
inline constexpr const char* transcoder_registry_key = "lifelong:transcoders";
inline constexpr std::size_t transcoders_shown = 200;

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
