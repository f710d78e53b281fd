#include "tus_metadata.hpp"

#include "common/tokens.hpp"

namespace lifelong::http {

std::optional<std::map<std::string, std::string>> parse_tus_metadata(std::string_view text) {
  std::map<std::string, std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    auto pair = std::string(text.substr(start, end - start));
    while (!pair.empty() && pair.front() == ' ') pair.erase(0, 1);
    const auto space = pair.find(' ');
    const auto key = pair.substr(0, space);
    if (key.empty()) return std::nullopt;
    std::string value;
    if (space != std::string::npos) {
      auto decoded = base64_decode(pair.substr(space + 1));
      if (!decoded) return std::nullopt;
      value = std::move(*decoded);
    }
    out[key] = std::move(value);
    start = end + 1;
  }
  return out;
}

}  // namespace lifelong::http
