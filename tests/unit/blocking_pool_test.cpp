// The blocking pool is bounded: past its queue limit a call is refused at once, and a
// call that waited past the deadline is refused without running; both as 503 with
// Retry-After, which dispatch sends as it is.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <atomic>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "http/errors.hpp"
#include "net/blocking_pool.hpp"

namespace asio = boost::asio;
using namespace lifelong;
using namespace std::chrono_literals;

namespace {
// Runs fn on the pool from a coroutine on `io`; records "ran" or the refusal's status.
void submit(asio::io_context& io, net::blocking_pool& pool, std::function<void()> fn, std::vector<std::string>& out,
            std::mutex& m) {
  asio::co_spawn(
      io,
      [&pool, fn = std::move(fn), &out, &m]() -> asio::awaitable<void> {
        std::string result = "ran";
        try {
          co_await pool.run(fn);
        } catch (const http::http_error& e) {
          result = std::to_string(e.status) + (e.headers.empty() ? "" : " " + e.headers[0].first);
        }
        std::lock_guard lock(m);
        out.push_back(result);
      },
      asio::detached);
}
}  // namespace

TEST(BlockingPool, RefusesAtOnceWhenEveryThreadIsBusyAndTheQueueIsFull) {
  net::blocking_pool pool({1, 1, 10s});  // one thread, one call may wait
  asio::io_context io;
  std::vector<std::string> results;
  std::mutex m;
  std::promise<void> release;
  auto released = release.get_future().share();
  submit(io, pool, [released] { released.wait(); }, results, m);  // takes the thread
  submit(io, pool, [] {}, results, m);                             // waits for it
  submit(io, pool, [] {}, results, m);                             // one too many
  std::thread loop([&] { io.run(); });
  for (int i = 0; i < 60000 && pool.pending() < 2; ++i) std::this_thread::sleep_for(1ms);
  for (int i = 0; i < 60000; ++i) {  // until the refusal is recorded (bounded)
    {
      std::lock_guard lock(m);
      if (!results.empty()) break;
    }
    std::this_thread::sleep_for(1ms);
  }
  {
    std::lock_guard lock(m);
    ASSERT_EQ(results.size(), 1u);  // the other two are still running or waiting
    EXPECT_EQ(results[0], "503 Retry-After");
  }
  release.set_value();
  loop.join();
  EXPECT_EQ(results, (std::vector<std::string>{"503 Retry-After", "ran", "ran"}));
  EXPECT_EQ(pool.pending(), 0);
}

TEST(BlockingPool, ACallThatWaitedPastTheDeadlineDoesNotRun) {
  net::blocking_pool pool({1, 10, 50ms});
  asio::io_context io;
  std::vector<std::string> results;
  std::mutex m;
  std::promise<void> release;
  auto released = release.get_future().share();
  std::atomic<bool> second_ran{false};
  submit(io, pool, [released] { released.wait(); }, results, m);
  submit(io, pool, [&] { second_ran = true; }, results, m);
  std::thread loop([&] { io.run(); });
  for (int i = 0; i < 60000 && pool.pending() < 2; ++i) std::this_thread::sleep_for(1ms);
  std::this_thread::sleep_for(100ms);  // longer than the deadline: the second has waited too long
  release.set_value();
  loop.join();
  EXPECT_FALSE(second_ran);
  EXPECT_EQ(results, (std::vector<std::string>{"ran", "503 Retry-After"}));
  EXPECT_EQ(pool.pending(), 0);
}

TEST(BlockingPool, AServicesRefusalComesBackAsTheHttpErrorItMeans) {
  net::blocking_pool pool({1, 1, 10s});
  asio::io_context io;
  std::vector<std::string> results;
  std::mutex m;
  submit(io, pool, [] { throw services::conflict("errors.course_not_draft"); }, results, m);
  submit(io, pool, [] { throw services::busy("errors.busy", 2); }, results, m);
  io.run();
  EXPECT_EQ(results, (std::vector<std::string>{"409", "503 Retry-After"}));
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
