#pragma once
// Runs blocking calls (MySQL, Redis, argon2) off the I/O threads and resumes the
// coroutine on its own executor afterwards.
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <type_traits>

namespace boost::asio {
class thread_pool;
}

namespace lifelong::net {

class blocking_pool {
 public:
  explicit blocking_pool(int threads);
  ~blocking_pool();
  // Rethrows whatever fn throws, on the caller's executor.
  boost::asio::awaitable<void> run(std::function<void()> fn);
  void stop();

 private:
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
