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
