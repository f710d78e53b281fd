#pragma once
// What pools and caches count for /metrics (read when scraped, common/metrics.hpp).
#include <atomic>
#include <cstdint>

namespace lifelong {

// Connections opened (the first ones and every reconnect) and lost (broken, dropped
// after an error, or refused).
struct pool_counts {
  std::atomic<std::uint64_t> opened{0};
  std::atomic<std::uint64_t> lost{0};
};

struct cache_counts {
  std::atomic<std::uint64_t> hits{0};
  std::atomic<std::uint64_t> misses{0};
};

}  // namespace lifelong
