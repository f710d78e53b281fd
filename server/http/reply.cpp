#include "reply.hpp"

#include <charconv>
#include <ctime>

#include "errors.hpp"
#include "request.hpp"

namespace lifelong::http {

reply html_reply(std::string body, int status) {
  reply r;
  r.status = status;
  r.body = std::move(body);
  r.header("Content-Type", "text/html; charset=utf-8");
  r.header("Cache-Control", "no-store");
  return r;
}

reply json_reply(const std::string& json, int status) {
  reply r;
  r.status = status;
  r.body = json;
  r.header("Content-Type", "application/json");
  r.header("Cache-Control", "no-store");
  return r;
}

reply redirect(const std::string& location) {
  reply r;
  r.status = 303;
  r.header("Location", location);
  return r;
}

bool safe_header_value(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

bool refuse_split_headers(reply& rep) {
  for (const auto& [name, value] : rep.headers)
    if (!safe_header_value(name) || !safe_header_value(value)) {
      const bool head_only = rep.head_only;
      rep = reply{};
      rep.status = 500;
      rep.head_only = head_only;
      rep.body = "Internal Server Error\n";
      rep.header("Content-Type", "text/plain; charset=utf-8");
      return true;
    }
  return false;
}

void add_security_headers(reply& rep) {
  const auto set_default = [&](const char* name, const char* value) {
    for (const auto& h : rep.headers)
      if (h.first == name) return;
    rep.header(name, value);
  };
  set_default("X-Content-Type-Options", "nosniff");
  set_default("Content-Security-Policy", content_security_policy);
  set_default("Referrer-Policy", "same-origin");
  set_default("X-Frame-Options", "DENY");  // for browsers older than frame-ancestors
}

std::string http_date(std::int64_t unix_seconds) {
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm parts{};
  gmtime_r(&t, &parts);
  char out[40];
  std::strftime(out, sizeof out, "%a, %d %b %Y %H:%M:%S GMT", &parts);  // the C locale's names, as HTTP wants
  return out;
}

std::uint64_t parse_id(std::string_view text) {
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  return text.empty() || ec != std::errc{} || end != text.data() + text.size() ? 0 : v;
}

std::uint64_t request::id_param(std::string_view name) const {
  const auto v = parse_id(param(name));
  if (v == 0) throw not_found();
  return v;
}

}  // namespace lifelong::http
