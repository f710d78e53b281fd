#include "cookies.hpp"

namespace lifelong::http {

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    auto semi = header.find(';');
    auto part = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view{} : header.substr(semi + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    if (part.substr(0, eq) == name) {
      auto value = part.substr(eq + 1);
      if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
      return std::string(value);
    }
  }
  return std::nullopt;
}

std::string set_cookie(std::string_view name, std::string_view value, const cookie_options& o) {
  std::string out;
  out.append(name).append("=").append(value).append("; Path=/; SameSite=Lax");
  if (o.http_only) out += "; HttpOnly";
  if (o.secure) out += "; Secure";
  if (o.max_age_seconds >= 0) out += "; Max-Age=" + std::to_string(o.max_age_seconds);
  return out;
}

}  // namespace lifelong::http
