#include "range.hpp"

#include <charconv>

namespace lifelong::http {
namespace {

std::optional<std::uint64_t> parse_number(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

range_result resolve_range(std::string_view header, std::uint64_t size) {
  constexpr std::string_view unit = "bytes=";
  header = trim(header);
  if (header.substr(0, unit.size()) != unit) return {};
  std::string_view spec = trim(header.substr(unit.size()));
  if (spec.find(',') != std::string_view::npos) return {};
  auto dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  auto first_text = trim(spec.substr(0, dash));
  auto last_text = trim(spec.substr(dash + 1));

  if (first_text.empty()) {  // suffix range: the last N bytes
    auto n = parse_number(last_text);
    if (!n) return {};
    if (*n == 0 || size == 0) return {range_outcome::unsatisfiable, {}};
    std::uint64_t len = *n < size ? *n : size;
    return {range_outcome::partial, {size - len, len}};
  }
  auto first = parse_number(first_text);
  if (!first) return {};
  std::uint64_t last = size == 0 ? 0 : size - 1;
  if (!last_text.empty()) {
    auto l = parse_number(last_text);
    if (!l || *l < *first) return {};
    if (*l < last) last = *l;
  }
  if (*first >= size) return {range_outcome::unsatisfiable, {}};
  return {range_outcome::partial, {*first, last - *first + 1}};
}

}  // namespace lifelong::http
