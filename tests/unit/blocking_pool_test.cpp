// The blocking pool is bounded: past its queue limit a call is refused at once, and a
// call that waited past the deadline is refused without running; both as 503 with
// Retry-After, which dispatch sends as it is.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <atomic>
#include <functional>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "http/errors.hpp"
#include "net/blocking_pool.hpp"

namespace asio = boost::asio;
using namespace lifelong;
using namespace std::chrono_literals;

namespace {
// A pool and an io_context to call it from; each call's outcome is recorded as "ran" or
// the refusal's status. The first call can be held on the pool's thread until release.
struct harness {
  explicit harness(net::blocking_limits limits) : pool(limits) {}
  net::blocking_pool pool;
  asio::io_context io;
  std::vector<std::string> results;
  std::mutex m;
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();

  void submit(std::function<void()> fn) {
    asio::co_spawn(
        io,
        [this, fn = std::move(fn)]() -> asio::awaitable<void> {
          std::string result = "ran";
          try {
            co_await pool.run(fn);
          } catch (const http::http_error& e) {
            result = std::to_string(e.status) + (e.headers.empty() ? "" : " " + e.headers[0].first);
          }
          std::lock_guard lock(m);
          results.push_back(result);
        },
        asio::detached);
  }
  void hold_the_thread() {
    submit([held = released] { held.wait(); });
  }
  std::size_t recorded() {
    std::lock_guard lock(m);
    return results.size();
  }
  // Waits until `done` holds (bounded: a minute at most).
  template <class Done>
  static void wait_until(Done done) {
    for (int i = 0; i < 60000 && !done(); ++i) std::this_thread::sleep_for(1ms);
  }
};
}  // namespace

TEST(BlockingPool, RefusesAtOnceWhenEveryThreadIsBusyAndTheQueueIsFull) {
  harness h({1, 1, 10s});  // one thread, one call may wait
  h.hold_the_thread();
  h.submit([] {});  // waits for it
  h.submit([] {});  // one too many
  std::thread loop([&] { h.io.run(); });
  harness::wait_until([&] { return h.pool.pending() >= 2; });
  harness::wait_until([&] { return h.recorded() > 0; });  // until the refusal is recorded
  {
    std::lock_guard lock(h.m);
    ASSERT_EQ(h.results.size(), 1u);  // the other two are still running or waiting
    EXPECT_EQ(h.results[0], "503 Retry-After");
  }
  h.release.set_value();
  loop.join();
  EXPECT_EQ(h.results, (std::vector<std::string>{"503 Retry-After", "ran", "ran"}));
  EXPECT_EQ(h.pool.pending(), 0);
}

TEST(BlockingPool, ACallThatWaitedPastTheDeadlineDoesNotRun) {
  harness h({1, 10, 50ms});
  std::atomic<bool> second_ran{false};
  h.hold_the_thread();
  h.submit([&] { second_ran = true; });
  std::thread loop([&] { h.io.run(); });
  harness::wait_until([&] { return h.pool.pending() >= 2; });
  std::this_thread::sleep_for(100ms);  // longer than the deadline: the second has waited too long
  h.release.set_value();
  loop.join();
  EXPECT_FALSE(second_ran);
  EXPECT_EQ(h.results, (std::vector<std::string>{"ran", "503 Retry-After"}));
  EXPECT_EQ(h.pool.pending(), 0);
}

TEST(BlockingPool, AServicesRefusalComesBackAsTheHttpErrorItMeans) {
  harness h({1, 1, 10s});
  h.submit([] { throw services::conflict("errors.course_not_draft"); });
  h.submit([] { throw services::busy("errors.busy", 2); });
  h.io.run();
  EXPECT_EQ(h.results, (std::vector<std::string>{"409", "503 Retry-After"}));
}

TEST(Refusals, EachKindHasItsStatusAndKeepsWhatThePersonIsTold) {
  using services::refusal;
  const std::pair<services::error, int> cases[] = {
      {services::invalid("errors.title_invalid", "title"), 400}, {services::forbidden(), 403},
      {services::not_found(), 404},           {services::conflict("errors.course_not_draft"), 409},
      {services::too_large(), 413},           {services::unsupported("errors.upload_type"), 415},
      {services::busy("errors.busy", 2), 503}};
  for (const auto& [refused, status] : cases) {
    const auto e = http::from_refusal(refused);
    EXPECT_EQ(e.status, status) << refused.message_key;
    EXPECT_EQ(e.message_key, refused.message_key);
    EXPECT_EQ(e.field, refused.field);
    EXPECT_EQ(e.headers.size(), refused.kind == refusal::busy ? 1u : 0u);
  }
  EXPECT_EQ(http::from_refusal(services::too_large("errors.upload_quota", "quota_exceeded")).code, "quota_exceeded");
  auto csv = services::invalid("units.csv_refused");
  csv.lines.push_back({3, "units.csv_bad_level", "区"});
  EXPECT_EQ(http::from_refusal(csv).lines.size(), 1u);
  // Anything else is no refusal: dispatch answers it (500, or 503 for an outage).
  EXPECT_FALSE(http::as_http_error(std::runtime_error("boom")));
  EXPECT_EQ(http::as_http_error(services::not_found())->status, 404);
}
