#pragma once
#include <string_view>

namespace lifelong::http {
// Content-Type for a served file, by extension; octet-stream when unknown.
std::string_view mime_type(std::string_view path);
}  // namespace lifelong::http
