#pragma once
// The distinct seconds of a lesson a learner played, as a bitmap (bit i = second i).
// Marking is idempotent and order-free, so replayed, duplicated or out-of-order reports
// all give the same result; dragging the slider to the end marks nothing in between.
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace lifelong::services {

class watched_seconds {
 public:
  // `total`: the lesson's whole seconds; `stored`: bytes from an earlier save (may be empty).
  watched_seconds(std::uint32_t total, std::string stored = {});

  // Marks second i for every played range [start, end] (seconds) that covers it, give or
  // take 0.1 s at each edge. Seconds past the end are ignored. At most `max_new` seconds
  // not marked before are added (the earliest first, range by range); returns how many.
  std::uint32_t mark(const std::vector<std::pair<double, double>>& ranges, std::uint32_t max_new = std::numeric_limits<std::uint32_t>::max());
  std::uint32_t count() const;
  bool has(std::uint32_t second) const;
  std::uint32_t total() const { return total_; }
  // At least 90% of the distinct seconds played.
  bool complete() const { return total_ > 0 && std::uint64_t(count()) * 10 >= std::uint64_t(total_) * 9; }
  int percent() const { return total_ ? static_cast<int>(std::uint64_t(count()) * 100 / total_) : 0; }
  const std::string& bytes() const { return bits_; }

 private:
  std::uint32_t total_;
  std::string bits_;
};

}  // namespace lifelong::services
