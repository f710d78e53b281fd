#pragma once
// What a service refuses, in the domain's words: the kind of refusal, the message that
// tells a person why (a key in templates/messages/*.json), the field at fault, and for a
// file refused as a whole each bad line. Services never speak HTTP: the HTTP side turns
// a refusal into a status, a page or JSON (http::from_refusal), where blocking work
// returns to the async side (net::blocking_pool) and, for anything else, in dispatch.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace lifelong::services {

enum class refusal {
  invalid,      // the input is wrong; `field` names what
  forbidden,    // this person may not
  not_found,    // no such thing, or none this person may see
  conflict,     // not possible in the current state
  too_large,    // beyond a size or a quota
  unsupported,  // a kind of file the portal does not take
  busy,         // try again shortly
  too_many,     // this person did it too often lately: wait and try again
};

struct line_problem {
  std::size_t line;
  std::string message_key;
  std::string value;
};

struct error : std::runtime_error {
  error(refusal kind, std::string message_key, std::string field = {})
      : std::runtime_error(message_key), kind(kind), message_key(std::move(message_key)), field(std::move(field)) {}
  refusal kind;
  std::string message_key;
  std::string field;
  std::string code;  // more precise than the kind, for API clients (quota_exceeded)
  std::vector<line_problem> lines;
  int retry_after_seconds = 0;  // busy, too_many: when to try again
};

inline error invalid(std::string key, std::string field = {}) {
  return {refusal::invalid, std::move(key), std::move(field)};
}
inline error forbidden(std::string key = "errors.forbidden") {
  return {refusal::forbidden, std::move(key)};
}
inline error not_found(std::string key = "errors.not_found") {
  return {refusal::not_found, std::move(key)};
}
inline error conflict(std::string key, std::string field = {}) {
  return {refusal::conflict, std::move(key), std::move(field)};
}
inline error too_large(std::string key = "errors.too_large", std::string code = {}) {
  error e{refusal::too_large, std::move(key)};
  e.code = std::move(code);
  return e;
}
inline error unsupported(std::string key) {
  return {refusal::unsupported, std::move(key)};
}
inline error too_many(std::string key, int retry_after_seconds) {
  error e{refusal::too_many, std::move(key)};
  e.retry_after_seconds = retry_after_seconds;
  return e;
}
inline error busy(std::string key, int retry_after_seconds) {
  error e{refusal::busy, std::move(key)};
  e.retry_after_seconds = retry_after_seconds;
  return e;
}

}  // namespace lifelong::services
