#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lifelong::http {

struct file_slice {
  std::string path;
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

struct reply {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::optional<file_slice> file;  // when set, the body is this part of a file
  bool head_only = false;          // HEAD: headers with the real length, no body

  reply& header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

reply html_reply(std::string body, int status = 200);
reply json_reply(const std::string& json, int status = 200);
reply redirect(const std::string& location);  // 303 See Other, for POST-redirect-GET

// An HTTP date (RFC 7231 IMF-fixdate), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(std::int64_t unix_seconds);

}  // namespace lifelong::http
