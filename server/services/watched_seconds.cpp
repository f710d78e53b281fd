#include "watched_seconds.hpp"

#include <bit>
#include <cmath>

namespace lifelong::services {

watched_seconds::watched_seconds(std::uint32_t total, std::string stored) : total_(total), bits_(std::move(stored)) {
  bits_.resize((total_ + 7) / 8, '\0');
}

std::uint32_t watched_seconds::mark(const std::vector<std::pair<double, double>>& ranges, std::uint32_t max_new) {
  constexpr double edge = 0.1;  // players report range ends to the nearest frame, not exactly
  std::uint32_t added = 0;
  for (const auto& [start, end] : ranges) {
    if (!(start < end)) continue;
    const double first = std::max(0.0, std::ceil(start - edge));
    const double last = std::min(double(total_), std::floor(end + edge));  // exclusive
    for (double s = first; s + 1 <= last; ++s) {
      const auto i = static_cast<std::uint32_t>(s);
      const auto bit = static_cast<unsigned char>(1u << (i % 8));
      if (static_cast<unsigned char>(bits_[i / 8]) & bit) continue;
      if (added == max_new) return added;
      bits_[i / 8] = static_cast<char>(static_cast<unsigned char>(bits_[i / 8]) | bit);
      ++added;
    }
  }
  return added;
}

std::uint32_t watched_seconds::count() const {
  std::uint32_t n = 0;
  for (unsigned char byte : bits_) n += std::popcount(byte);
  return n;
}

bool watched_seconds::has(std::uint32_t second) const {
  return second < total_ && second / 8 < bits_.size() &&
         (static_cast<unsigned char>(bits_[second / 8]) & (1u << (second % 8))) != 0;
}

}  // namespace lifelong::services
