#pragma once
// application/x-www-form-urlencoded bodies and query strings.
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace lifelong::http {

// Decodes %XX (and '+' as a space in forms); nullopt for a broken escape or a NUL byte.
std::optional<std::string> url_decode(std::string_view s, bool plus_is_space = true);
std::string url_encode(std::string_view s);

using params = std::map<std::string, std::string, std::less<>>;

// Later duplicates win; malformed pairs are skipped.
params parse_urlencoded(std::string_view body);

// Splits "/path?query" into its two parts.
std::pair<std::string_view, std::string_view> split_target(std::string_view target);

}  // namespace lifelong::http
