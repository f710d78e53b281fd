#pragma once
// The typed errors handlers throw; dispatch turns them into a page or a JSON error.
// message_key names a message in templates/messages/*.json.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace lifelong::http {

struct http_error : std::runtime_error {
  http_error(int status, std::string code, std::string message_key)
      : std::runtime_error(code), status(status), code(std::move(code)), message_key(std::move(message_key)) {}
  int status;
  std::string code;
  std::string message_key;
  std::string field;  // the form field at fault, if any
  std::vector<std::pair<std::string, std::string>> headers;  // sent with the error (Retry-After, ...)
  // For a file refused as a whole (a CSV import): each bad line, what is wrong with it
  // (a message key) and the value at fault.
  struct line_problem {
    std::size_t line;
    std::string message_key;
    std::string value;
  };
  std::vector<line_problem> lines;
};

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
