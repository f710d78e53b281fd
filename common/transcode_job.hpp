#pragma once
// The message the server puts on the Redis stream for the transcoder.
#include <cstdint>
#include <optional>
#include <string>

namespace lifelong {

inline constexpr const char* transcode_stream = "jobs:transcode";
inline constexpr const char* transcode_group = "transcoders";

struct transcode_job {
  std::uint64_t lesson_id = 0;
  std::uint32_t media_version = 0;  // output goes to videos/<lesson>/v<version>
  std::string source_path;          // absolute path of the uploaded file
  std::uint32_t attempt = 1;
};

std::string to_json(const transcode_job& job);
// nullopt for a message that is not a well-formed job (it is acknowledged and logged).
std::optional<transcode_job> parse_job(const std::string& json);

}  // namespace lifelong
