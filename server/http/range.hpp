#pragma once
// Single byte ranges (RFC 9110 §14): enough for video players, which never ask for more.
#include <cstdint>
#include <optional>
#include <string_view>

namespace lifelong::http {

struct byte_range {
  std::uint64_t first = 0;
  std::uint64_t length = 0;
};

enum class range_outcome { whole, partial, unsatisfiable };

struct range_result {
  range_outcome outcome = range_outcome::whole;
  byte_range range;
};

// A header that is absent, malformed or asks for several ranges gets the whole file,
// as the RFC allows; a well-formed range past the end is unsatisfiable (416).
range_result resolve_range(std::string_view header, std::uint64_t size);

}  // namespace lifelong::http
