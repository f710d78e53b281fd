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
    : prefix_(std::move(prefix)),
      state_(std::make_shared<state>(redis, lifetime)),
      thread_([s = state_] { keep(s); }) {}

lease_keeper::~lease_keeper() {
  {
    std::lock_guard guard(state_->mutex);
    state_->stopping = true;
  }
  state_->wake.notify_all();
  thread_.join();
}

std::shared_ptr<void> lease_keeper::try_take(const std::string& name) {
  const auto key = prefix_ + name;
  auto holder = random_token();
  const auto got = state_->redis.command({"SET", key, holder, "NX", "PX", std::to_string(state_->lifetime.count())});
  if (got.is_nil()) return {};
  {
    std::lock_guard guard(state_->mutex);
    state_->held[key] = holder;
  }
  // Points at the state only to be non-null; the deleter gives the lease back.
  return std::shared_ptr<void>(static_cast<void*>(state_.get()), [s = state_, key, holder](void*) {
    const bool on_loop = on_io_thread();
    bool keeper_releases = false;
    {
      std::lock_guard guard(s->mutex);
      // Only this lease's own entry: the key may since have lapsed and been taken again.
      if (auto it = s->held.find(key); it != s->held.end() && it->second == holder) s->held.erase(it);
      keeper_releases = on_loop && !s->stopping;
      if (keeper_releases) s->to_release.emplace_back(key, holder);
    }
    if (keeper_releases)
      s->wake.notify_one();
    else if (!on_loop)
      s->release(key, holder);
    // else: dropped on an event loop after the keeper stopped; it lapses by itself.
  });
}

void lease_keeper::state::release(const std::string& key, const std::string& holder) {
  try {
    redis.command({"EVAL", release_script, "1", key, holder});
  } catch (const std::exception& e) {
    spdlog::warn("lease {} not released ({}); it expires by itself", key, e.what());
  }
}

void lease_keeper::keep(const std::shared_ptr<state>& s) {
  std::unique_lock lock(s->mutex);
  auto next_renewal = std::chrono::steady_clock::now() + s->lifetime / 3;
  for (;;) {
    s->wake.wait_until(lock, next_renewal, [&] { return s->stopping || !s->to_release.empty(); });
    auto releasing = std::move(s->to_release);
    s->to_release.clear();
    std::vector<std::pair<std::string, std::string>> renewing;
    if (std::chrono::steady_clock::now() >= next_renewal) {
      renewing.assign(s->held.begin(), s->held.end());
      next_renewal = std::chrono::steady_clock::now() + s->lifetime / 3;
    }
    const bool stop = s->stopping;
    lock.unlock();
    for (const auto& [key, holder] : releasing) s->release(key, holder);
    for (const auto& [key, holder] : renewing) {
      try {
        if (s->redis.command({"EVAL", renew_script, "1", key, holder, std::to_string(s->lifetime.count())}).integer ==
            0)
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
