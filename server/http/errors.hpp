#pragma once
// The typed errors handlers throw; dispatch turns them into a page or a JSON error.
// message_key names a message in templates/messages/*.json. Services refuse with
// services::error instead; from_refusal says what each refusal is over HTTP.
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "services/error.hpp"

namespace lifelong::http {

struct http_error : std::runtime_error {
  http_error(int status, std::string code, std::string message_key)
      : std::runtime_error(code), status(status), code(std::move(code)), message_key(std::move(message_key)) {}
  int status;
  std::string code;
  std::string message_key;
  std::string field;                                         // the form field at fault, if any
  std::vector<std::pair<std::string, std::string>> headers;  // sent with the error (Retry-After, ...)
  // For a file refused as a whole (a CSV import): each bad line, what is wrong with it
  // (a message key) and the value at fault.
  using line_problem = services::line_problem;
  std::vector<line_problem> lines;
};

// A service's refusal over HTTP: 400, 403, 404, 409, 413, 415, or 429 and 503 with Retry-After.
inline http_error from_refusal(const services::error& e) {
  using services::refusal;
  auto [status, code] = [&]() -> std::pair<int, const char*> {
    switch (e.kind) {
      case refusal::invalid:
        return {400, "bad_request"};
      case refusal::forbidden:
        return {403, "forbidden"};
      case refusal::not_found:
        return {404, "not_found"};
      case refusal::conflict:
        return {409, "conflict"};
      case refusal::too_large:
        return {413, "too_large"};
      case refusal::unsupported:
        return {415, "unsupported_type"};
      case refusal::busy:
        return {503, "unavailable"};
      case refusal::too_many:
        return {429, "too_many_requests"};
    }
    return {500, "internal"};
  }();
  http_error out(status, e.code.empty() ? code : e.code, e.message_key);
  out.field = e.field;
  out.lines = e.lines;
  if (e.kind == refusal::busy || e.kind == refusal::too_many)
    out.headers.emplace_back("Retry-After", std::to_string(e.retry_after_seconds));
  return out;
}

// The http_error an exception means: itself, or a service's refusal; nullopt for anything
// else (a bug or an outage, which dispatch answers). For handlers that look at a refusal
// before it leaves the blocking pool.
inline std::optional<http_error> as_http_error(const std::exception& e) {
  if (const auto* h = dynamic_cast<const http_error*>(&e)) return *h;
  if (const auto* r = dynamic_cast<const services::error*>(&e)) return from_refusal(*r);
  return std::nullopt;
}

inline http_error bad_request(std::string key, std::string field = {}) {
  http_error e(400, "bad_request", std::move(key));
  e.field = std::move(field);
  return e;
}
inline http_error unauthorized() {
  return {401, "unauthorized", "errors.sign_in_required"};
}
inline http_error forbidden(std::string key = "errors.forbidden") {
  return {403, "forbidden", std::move(key)};
}
inline http_error not_found() {
  return {404, "not_found", "errors.not_found"};
}
inline http_error conflict(std::string key, std::string field = {}) {
  http_error e(409, "conflict", std::move(key));
  e.field = std::move(field);
  return e;
}
inline http_error too_large() {
  return {413, "too_large", "errors.too_large"};
}

}  // namespace lifelong::http
