#pragma once
// A pool of Connector/C++ connections. Every call blocks: the server uses it only
// from its blocking thread pool.
#include "usage_counts.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <cppconn/exception.h>

#include "config.hpp"

namespace sql {
class Connection;
}

namespace lifelong {

// No connection came free within mysql.wait_ms: the server answers 503, not a pile.
struct pool_exhausted : std::runtime_error {
  pool_exhausted() : std::runtime_error("mysql: no free connection in time") {}
};

class mysql_pool {
 public:
  explicit mysql_pool(mysql_settings s);
  ~mysql_pool();

  // Lends a connection to fn. After a database error the connection is dropped, not
  // reused; an open transaction left behind by fn is rolled back.
  template <class Fn>
  auto with(Fn&& fn) -> decltype(fn(std::declval<sql::Connection&>())) {
    auto c = take();
    try {
      if constexpr (std::is_void_v<decltype(fn(*c))>) {
        fn(*c);
        give_back(std::move(c), true);
      } else {
        auto r = fn(*c);
        give_back(std::move(c), true);
        return r;
      }
    } catch (const sql::SQLException&) {
      give_back(std::move(c), false);  // the connection itself may be at fault
      throw;
    } catch (...) {
      give_back(std::move(c), true);
      throw;
    }
  }

  const pool_counts& counts() const { return counts_; }

  // Throws unless the database answers (readiness checks).
  void ping();

  // Opens a connection outside the pool (tools).
  std::unique_ptr<sql::Connection> connect() const;
  // The same with a read timeout of its own (a watcher that must not hang for long).
  std::unique_ptr<sql::Connection> connect_with_read_timeout(int seconds) const;
  // One for lifelong-admin migrate: statements may run for hours (migrate_timeout_minutes),
  // and it waits for row locks held by a live site rather than giving up after 50 s.
  std::unique_ptr<sql::Connection> connect_for_migrations() const;

 private:
  std::unique_ptr<sql::Connection> take();
  void give_back(std::unique_ptr<sql::Connection> c, bool healthy);

  std::unique_ptr<sql::Connection> open(int read_timeout_seconds) const;
  mysql_settings settings_;
  pool_counts counts_;
  std::mutex mutex_;
  std::condition_variable available_;
  struct idle_connection {
    std::unique_ptr<sql::Connection> connection;
    std::chrono::steady_clock::time_point since;
    std::uint64_t failures_seen;  // failures_ when it came back
  };
  std::vector<idle_connection> idle_;
  // Grows with every connection dropped after an error: the idle ones are then asked
  // before they are lent, however recently used (the server may have restarted).
  std::uint64_t failures_ = 0;
  int open_ = 0;
};

}  // namespace lifelong
