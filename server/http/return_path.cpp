#include "return_path.hpp"

#include <algorithm>

namespace lifelong::http {

std::string local_return_path(std::string_view path) {
  const auto control = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; };
  if (path.empty() || path.size() > 2000 || path.front() != '/') return "/";
  if (path.size() > 1 && (path[1] == '/' || path[1] == '\\')) return "/";
  if (std::any_of(path.begin(), path.end(), [&](char c) { return c == '\\' || control(c); })) return "/";
  return std::string(path);
}

}  // namespace lifelong::http
