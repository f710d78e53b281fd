#pragma once
// A stamp that every process of the site agrees on, kept in Redis: whatever changes what
// a cache holds bumps it (INCR), and each process reads it again every `interval`, so a
// change made through one server is seen by every other within that time. Caches compare
// their entry's stamp with current() by equality; current() never blocks, so it is safe
// on an event loop.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "redis_client.hpp"

namespace lifelong {

class shared_version {
 public:
  // `moved` is called (under the turn, on whichever thread saw it) each time the stamp
  // changes, here or through another process.
  shared_version(redis_pool& redis, std::string key, std::function<void()> moved = {});

  std::uint64_t current() const { return value_.load(std::memory_order_acquire); }
  // Blocking (one INCR). If Redis cannot be reached, this process still moves its own
  // stamp (its caches refill); the others catch up with the next change.
  void bump();
  // Blocking (one GET, after an INCR if Redis missed a bump): the site's stamp now.
  void refresh();

 private:
  redis_pool& redis_;
  std::string key_;
  // Bumps and refreshes take turns, Redis call included: a GET answered before an INCR
  // but stored after it would move the stamp back, and entries made before the change
  // would match again. Readers never take it.
  void store(std::uint64_t v);  // under turns_
  std::function<void()> moved_;
  std::mutex turns_;
  std::atomic<std::uint64_t> value_{0};
  std::uint64_t local_changes_ = 0;  // bumps Redis did not take (under turns_)
};

// The stamps the site's caches use. Whatever any page shows of a course bumps courses
// (and catalog); catalog alone moves with what only the catalog shows (learner counts).
inline constexpr const char* catalog_version_key = "lifelong:version:catalog";
inline constexpr const char* course_version_key = "lifelong:version:courses";

// Refreshes shared_versions on a thread of its own until destroyed.
class version_refresher {
 public:
  version_refresher(std::vector<shared_version*> versions, std::chrono::milliseconds interval);
  ~version_refresher();
  version_refresher(const version_refresher&) = delete;
  version_refresher& operator=(const version_refresher&) = delete;

 private:
  std::vector<shared_version*> versions_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace lifelong
