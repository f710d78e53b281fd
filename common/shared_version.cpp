#include "shared_version.hpp"

#include <spdlog/spdlog.h>

namespace lifelong {
namespace {
// A stamp no Redis value has: the counter with the top bit set, plus local changes.
std::uint64_t local_stamp(std::uint64_t site, std::uint64_t local_changes) {
  return ((site & ~(1ull << 63)) + local_changes) | (1ull << 63);
}
}  // namespace

shared_version::shared_version(redis_pool& redis, std::string key, std::function<void()> moved)
    : redis_(redis), key_(std::move(key)), moved_(std::move(moved)) {}

void shared_version::store(std::uint64_t v) {
  if (value_.load(std::memory_order_acquire) == v) return;
  // Told before the new stamp shows: no cache entry may be made under it first.
  if (moved_) moved_();
  value_.store(v, std::memory_order_release);
}

void shared_version::bump() {
  std::lock_guard turn(turns_);
  try {
    const auto now = redis_.command({"INCR", key_});
    local_changes_ = 0;
    store(static_cast<std::uint64_t>(now.integer));
  } catch (const std::exception& e) {
    spdlog::warn("cannot bump {} in Redis ({}): only this process sees the change at once", key_, e.what());
    store(local_stamp(value_, ++local_changes_));
  }
}

void shared_version::refresh() {
  std::lock_guard turn(turns_);
  // After changes Redis missed, the site's stamp must move on: entries stamped with the
  // value from before them would otherwise match again.
  if (local_changes_ > 0) {
    redis_.command({"INCR", key_});
    local_changes_ = 0;
  }
  const auto got = redis_.command({"GET", key_});
  store(got.is_nil() ? 0 : std::stoull(got.str));
}

version_refresher::version_refresher(std::vector<shared_version*> versions, std::chrono::milliseconds interval)
    : versions_(std::move(versions)), interval_(interval), thread_([this] {
        std::unique_lock lock(mutex_);
        while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
          lock.unlock();
          for (auto* version : versions_) try {
              version->refresh();
            } catch (const std::exception& e) {
              spdlog::debug("cannot refresh a shared version: {}", e.what());
            }
          lock.lock();
        }
      }) {}

version_refresher::~version_refresher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

}  // namespace lifelong
