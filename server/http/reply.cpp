#include "reply.hpp"

#include <charconv>

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

std::uint64_t request::id_param(std::string_view name) const {
  auto text = param(name);
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || v == 0) throw not_found();
  return v;
}

}  // namespace lifelong::http
