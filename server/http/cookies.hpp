#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace lifelong::http {

// The value of one cookie from a Cookie header.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);

struct cookie_options {
  bool http_only = true;
  bool secure = false;
  long max_age_seconds = -1;  // -1: a session cookie; 0: delete
};

// A Set-Cookie value; always Path=/ and SameSite=Lax.
std::string set_cookie(std::string_view name, std::string_view value, const cookie_options& options);

}  // namespace lifelong::http
