#pragma once
// The tus Upload-Metadata header: "key base64,key base64,key" (tus 1.0, creation).
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lifelong::http {

// Decoded values by key; nullopt when an empty key or a value that is not base64 appears.
std::optional<std::map<std::string, std::string>> parse_tus_metadata(std::string_view text);

}  // namespace lifelong::http
