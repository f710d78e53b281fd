#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

// False when a header name or value holds CR, LF or NUL: written out, it would split
// the header and let a request write headers of its own.
bool safe_header_value(std::string_view value);
// Every reply passes here before it is written: one with such a header becomes a
// plain 500 (and the header is never sent); true when that happened.
bool refuse_split_headers(reply& rep);

// The protections every reply carries (unless its handler set its own): no MIME
// sniffing, no framing, scripts only from this site, no full addresses in Referer.
// The pages pass this policy: no inline script, style or handler anywhere; hls.js
// plays through blob: URLs and its worker.
inline constexpr const char* content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
    "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";
void add_security_headers(reply& rep);

// An HTTP date (RFC 7231 IMF-fixdate), e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
std::string http_date(std::int64_t unix_seconds);

}  // namespace lifelong::http
