#include "blocking_pool.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "http/errors.hpp"

namespace asio = boost::asio;

namespace lifelong::net {

namespace {
http::http_error busy() {
  http::http_error e(503, "unavailable", "errors.server_busy");
  e.headers.emplace_back("Retry-After", "2");
  return e;
}
}  // namespace

struct blocking_pool::job {
  const std::function<void()>* fn;
  std::chrono::steady_clock::time_point queued_at;
  blocking_pool* pool;
};

// A plain coroutine over a pointer: GCC 12 destroys a std::function twice when it is
// move-captured from a coroutine parameter into a lambda coroutine.
asio::awaitable<void> blocking_pool::start(job* j) {
  struct done {
    std::atomic<int>& pending;
    ~done() { --pending; }
  } leaving{j->pool->pending_};
  const auto waited = std::chrono::steady_clock::now() - j->queued_at;
  if (j->pool->on_wait_) j->pool->on_wait_(waited);
  if (waited > j->pool->limits_.max_wait) throw busy();
  try {
    (*j->fn)();
  } catch (const services::error& e) {
    throw http::from_refusal(e);  // services refuse in the domain's words; the caller speaks HTTP
  }
  co_return;
}

blocking_pool::blocking_pool(blocking_limits limits)
    : limits_(limits), pool_(std::make_unique<asio::thread_pool>(limits.threads)) {}
blocking_pool::~blocking_pool() {
  stop();
}

asio::awaitable<void> blocking_pool::run(std::function<void()> fn) {
  // Every thread busy and the queue full: refused at once.
  if (pending_.fetch_add(1) >= limits_.threads + limits_.queue_limit) {
    --pending_;
    throw busy();
  }
  job j{&fn, std::chrono::steady_clock::now(), this};
  // co_spawn onto the pool runs the job there; awaiting it with use_awaitable resumes
  // us on our own executor, with any exception carried across.
  co_await asio::co_spawn(pool_->get_executor(), start(&j), asio::use_awaitable);
}

void blocking_pool::stop() {
  if (pool_) pool_->join();
}

}  // namespace lifelong::net
