#include "blocking_pool.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace asio = boost::asio;

namespace lifelong::net {

namespace {
// A plain coroutine over a pointer: GCC 12 destroys a std::function twice when it is
// move-captured from a coroutine parameter into a lambda coroutine.
asio::awaitable<void> call(const std::function<void()>* fn) {
  (*fn)();
  co_return;
}
}  // namespace

blocking_pool::blocking_pool(int threads) : pool_(std::make_unique<asio::thread_pool>(threads)) {}
blocking_pool::~blocking_pool() {
  stop();
}

asio::awaitable<void> blocking_pool::run(std::function<void()> fn) {
  // co_spawn onto the pool runs fn there; awaiting it with use_awaitable resumes us
  // on our own executor, with any exception carried across.
  co_await asio::co_spawn(pool_->get_executor(), call(&fn), asio::use_awaitable);
}

void blocking_pool::stop() {
  if (pool_) pool_->join();
}

}  // namespace lifelong::net
