#include "log_redaction.hpp"

#include <array>

namespace lifelong::http {

std::string loggable_path(std::string_view raw) {
  // As the router reads it: repeated slashes count as one ("//card//S" reaches the card
  // page), and an absolute-form target ("http://host/card/S") is cut to its path.
  raw = raw.substr(0, raw.find('?'));
  if (const auto scheme = raw.find("://"); scheme != std::string_view::npos && !raw.empty() && raw.front() != '/') {
    const auto slash = raw.find('/', scheme + 3);
    raw = slash == std::string_view::npos ? std::string_view("/") : raw.substr(slash);
  }
  std::string path;
  for (const char c : raw)
    if (c != '/' || path.empty() || path.back() != '/') path += c;
  // The segment after each of these prefixes is a secret.
  static constexpr std::array<std::string_view, 2> secret_after{"/card/", "/api/v1/uploads/"};
  for (const auto prefix : secret_after) {
    if (path.compare(0, prefix.size(), prefix) != 0 || path.size() == prefix.size()) continue;
    const auto end = path.find('/', prefix.size());
    return std::string(prefix) + "[redacted]" + (end == std::string::npos ? "" : path.substr(end));
  }
  return path;
}

}  // namespace lifelong::http
