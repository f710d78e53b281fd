#include "redis_lease.hpp"

#include <spdlog/spdlog.h>

#include "io_thread.hpp"
#include "tokens.hpp"

namespace lifelong {
namespace {
// Only the holder's own value is renewed or deleted: a lease that expired and was taken
// by another holder is left to them.
constexpr const char* renew_script =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0";
constexpr const char* release_script =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
}  // namespace

lease_keeper::lease_keeper(redis_pool& redis, std::string prefix, std::chrono::milliseconds lifetime)
    : redis_(redis), prefix_(std::move(prefix)), lifetime_(lifetime), thread_([this] { keep(); }) {}

lease_keeper::~lease_keeper() {
  {
    std::lock_guard guard(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

std::shared_ptr<void> lease_keeper::try_take(const std::string& name) {
  const auto key = prefix_ + name;
  auto holder = random_token();
  const auto got = redis_.command({"SET", key, holder, "NX", "PX", std::to_string(lifetime_.count())});
  if (got.is_nil()) return {};
  {
    std::lock_guard guard(mutex_);
    held_[key] = holder;
  }
  // Points at the keeper only to be non-null; the deleter gives the lease back.
  return std::shared_ptr<void>(static_cast<void*>(this), [this, key, holder](void*) {
    {
      std::lock_guard guard(mutex_);
      held_.erase(key);
      if (on_io_thread()) to_release_.emplace_back(key, holder);
    }
    if (on_io_thread())
      wake_.notify_one();
    else
      release(key, holder);
  });
}

void lease_keeper::release(const std::string& key, const std::string& holder) {
  try {
    redis_.command({"EVAL", release_script, "1", key, holder});
  } catch (const std::exception& e) {
    spdlog::warn("lease {} not released ({}); it expires by itself", key, e.what());
  }
}

void lease_keeper::keep() {
  std::unique_lock lock(mutex_);
  auto next_renewal = std::chrono::steady_clock::now() + lifetime_ / 3;
  for (;;) {
    wake_.wait_until(lock, next_renewal, [&] { return stopping_ || !to_release_.empty(); });
    auto releasing = std::move(to_release_);
    to_release_.clear();
    std::vector<std::pair<std::string, std::string>> renewing;
    const bool renew_now = std::chrono::steady_clock::now() >= next_renewal;
    if (renew_now) {
      renewing.assign(held_.begin(), held_.end());
      next_renewal = std::chrono::steady_clock::now() + lifetime_ / 3;
    }
    const bool stop = stopping_;
    lock.unlock();
    for (const auto& [key, holder] : releasing) release(key, holder);
    for (const auto& [key, holder] : renewing) {
      try {
        if (redis_.command({"EVAL", renew_script, "1", key, holder, std::to_string(lifetime_.count())}).integer == 0)
          spdlog::warn("lease {} was lost before it was renewed", key);
      } catch (const std::exception& e) {
        spdlog::warn("lease {} not renewed: {}", key, e.what());
      }
    }
    if (stop) return;
    lock.lock();
  }
}

}  // namespace lifelong
