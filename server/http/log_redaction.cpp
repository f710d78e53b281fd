#include "log_redaction.hpp"

#include <array>

namespace lifelong::http {

std::string loggable_path(std::string_view path) {
  path = path.substr(0, path.find('?'));
  // The segment after each of these prefixes is a secret.
  static constexpr std::array<std::string_view, 2> secret_after{"/card/", "/api/v1/uploads/"};
  for (const auto prefix : secret_after) {
    if (path.substr(0, prefix.size()) != prefix || path.size() == prefix.size()) continue;
    const auto rest = path.substr(prefix.size());
    const auto end = rest.find('/');
    return std::string(prefix) + "[redacted]" + std::string(end == std::string_view::npos ? "" : rest.substr(end));
  }
  return std::string(path);
}

}  // namespace lifelong::http
