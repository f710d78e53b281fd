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
  // A secret follows each of these prefixes, after `skip` other segments (a media link's
  // token comes after its expiry).
  struct secret_place {
    std::string_view prefix;
    int skip;
  };
  static constexpr std::array<secret_place, 5> secrets{{{"/card/", 0},
                                                        {"/api/v1/uploads/", 0},
                                                        {"/media/t/", 1},
                                                        {"/password/reset/", 0},
                                                        {"/account/email/confirm/", 0}}};
  for (const auto& [prefix, skip] : secrets) {
    if (path.compare(0, prefix.size(), prefix) != 0 || path.size() == prefix.size()) continue;
    auto start = prefix.size();
    for (int i = 0; i < skip && start != std::string::npos; ++i)
      if (const auto slash = path.find('/', start); slash != std::string::npos)
        start = slash + 1;
      else
        start = std::string::npos;
    if (start == std::string::npos || start >= path.size()) return path.substr(0, prefix.size()) + "[redacted]";
    const auto end = path.find('/', start);
    return path.substr(0, start) + "[redacted]" + (end == std::string::npos ? "" : path.substr(end));
  }
  return path;
}

}  // namespace lifelong::http
