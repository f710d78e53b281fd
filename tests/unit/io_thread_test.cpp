// The event loops' threads cannot reach MySQL or Redis: the pools refuse there, and the
// blocking pool's threads (where handlers send that work) are not marked.
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <cppconn/connection.h>
#include <stdexcept>
#include <thread>

#include "common/io_thread.hpp"
#include "common/mysql_pool.hpp"
#include "common/redis_client.hpp"
#include "net/blocking_pool.hpp"

namespace asio = boost::asio;
using namespace lifelong;

TEST(IoThreads, ThePoolsRefuseToBlockAnEventLoopsThread) {
  mysql_pool db(mysql_settings{});
  redis_pool redis(redis_settings{});
  std::thread loop([&] {
    io_thread_mark never_blocks;
    EXPECT_TRUE(on_io_thread());
    // Refused before any connection is tried.
    EXPECT_THROW(db.with([](sql::Connection&) {}), std::logic_error);
    EXPECT_THROW(redis.command({"PING"}), std::logic_error);
  });
  loop.join();
  EXPECT_FALSE(on_io_thread());  // the mark belongs to its thread only
}

TEST(IoThreads, WorkSentToTheBlockingPoolRunsOffTheLoop) {
  net::blocking_pool pool({1, 8, std::chrono::seconds(5)});
  asio::io_context io;
  bool loop_marked = false, job_marked = true;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        loop_marked = on_io_thread();
        co_await pool.run([&] { job_marked = on_io_thread(); });
      },
      asio::detached);
  {
    io_thread_mark never_blocks;
    io.run();
  }
  EXPECT_TRUE(loop_marked);
  EXPECT_FALSE(job_marked);
  pool.stop();
}
