#pragma once
// Runs blocking calls (MySQL, Redis, argon2) off the I/O threads and resumes the
// coroutine on its own executor afterwards. Bounded: at most `queue_limit` calls wait
// for a thread, and one that waited longer than `max_wait` is not run. Past either the
// call throws 503 (errors.server_busy, Retry-After) before any of it ran, so overload turns
// into quick refusals with nothing half done, instead of a pile that grows. A service's
// refusal (services::error) comes back as the http::http_error it means.
#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace boost::asio {
class thread_pool;
}

namespace lifelong::net {

struct blocking_limits {
  int threads = 8;
  int queue_limit = 512;
  std::chrono::milliseconds max_wait{10000};
};

class blocking_pool {
 public:
  explicit blocking_pool(blocking_limits limits);
  ~blocking_pool();
  // Rethrows whatever fn throws, on the caller's executor.
  boost::asio::awaitable<void> run(std::function<void()> fn);
  void stop();
  int pending() const { return pending_; }  // calls running or waiting for a thread
  // Told how long each call waited for a thread (set before the pool is used).
  void on_wait(std::function<void(std::chrono::steady_clock::duration)> told) { on_wait_ = std::move(told); }

 private:
  struct job;
  static boost::asio::awaitable<void> start(job* j);
  blocking_limits limits_;
  std::atomic<int> pending_{0};
  std::function<void(std::chrono::steady_clock::duration)> on_wait_;
  std::unique_ptr<boost::asio::thread_pool> pool_;
};

template <class Fn>
boost::asio::awaitable<std::invoke_result_t<Fn>> offload(blocking_pool& pool, Fn fn) {
  using result = std::invoke_result_t<Fn>;
  if constexpr (std::is_void_v<result>) {
    co_await pool.run(std::move(fn));
  } else {
    std::optional<result> out;
    co_await pool.run([&] { out.emplace(fn()); });
    co_return std::move(*out);
  }
}

}  // namespace lifelong::net
