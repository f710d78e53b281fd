#include "mysql_pool.hpp"

#include "io_thread.hpp"
#include "statement_cache.hpp"

#include <chrono>

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

namespace lifelong {

mysql_pool::mysql_pool(mysql_settings s) : settings_(std::move(s)) {
  // The driver instance is created on first use, and that is not thread-safe: two
  // threads connecting at once crashed in MySQL_Driver::connect. Create it here, while
  // the pool is built before any thread uses it.
  sql::mysql::get_mysql_driver_instance();
}
mysql_pool::~mysql_pool() {
  for (auto& idle : idle_) statement_cache::forget(*idle.connection);
}

namespace {
// A connection idle for longer is asked whether it still works before it is lent: the
// server may have closed it (wait_timeout, a restart). One used a moment ago is not,
// which saves a round trip on every request, unless a connection failed since it came
// back (then every idle one is asked once); if it fails anyway, `with` drops it.
constexpr auto trusted_idle = std::chrono::seconds(10);
}  // namespace

std::unique_ptr<sql::Connection> mysql_pool::connect() const {
  return open(settings_.read_timeout_seconds);
}

std::unique_ptr<sql::Connection> mysql_pool::connect_with_read_timeout(int seconds) const {
  return open(seconds);
}

std::unique_ptr<sql::Connection> mysql_pool::connect_for_migrations() const {
  auto c = open(settings_.migrate_timeout_minutes * 60);
  std::unique_ptr<sql::Statement> st(c->createStatement());
  st->execute("SET SESSION innodb_lock_wait_timeout = " + std::to_string(settings_.migrate_timeout_minutes * 60) +
              ", max_statement_time = 0");
  return c;
}

std::unique_ptr<sql::Connection> mysql_pool::open(int read_timeout_seconds) const {
  sql::ConnectOptionsMap opts;
  opts["hostName"] = sql::SQLString(settings_.host);
  opts["port"] = settings_.port;
  opts["userName"] = sql::SQLString(settings_.user);
  opts["password"] = sql::SQLString(settings_.password);
  if (!settings_.database.empty()) opts["schema"] = sql::SQLString(settings_.database);
  // Without this, Chinese text can be silently garbled on the way in or out.
  opts["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  opts["OPT_CONNECT_TIMEOUT"] = 5;
  opts["OPT_READ_TIMEOUT"] = read_timeout_seconds;
  opts["OPT_WRITE_TIMEOUT"] = 30;
  std::unique_ptr<sql::Connection> c(sql::mysql::get_mysql_driver_instance()->connect(opts));
  std::unique_ptr<sql::Statement> st(c->createStatement());
  st->execute("SET time_zone = '+00:00'");
  return c;
}

void mysql_pool::ping() {
  // The row is read and freed: a result left pending would leave the connection busy
  // for the statements it keeps (statement_cache.hpp), and closing them would wait.
  with([](sql::Connection& db) {
    std::unique_ptr<sql::Statement> st(db.createStatement());
    std::unique_ptr<sql::ResultSet>(st->executeQuery("SELECT 1"));
  });
}

std::unique_ptr<sql::Connection> mysql_pool::take() {
  refuse_on_io_thread("MySQL");
  std::unique_lock lock(mutex_);
  if (!available_.wait_for(lock, std::chrono::milliseconds(settings_.wait_ms),
                           [&] { return !idle_.empty() || open_ < settings_.pool_size; }))
    throw pool_exhausted();
  if (!idle_.empty()) {
    auto idle = std::move(idle_.back());
    idle_.pop_back();
    const bool failed_since = idle.failures_seen != failures_;
    lock.unlock();
    const bool trusted = !failed_since && std::chrono::steady_clock::now() - idle.since < trusted_idle;
    if (trusted || idle.connection->isValid()) return std::move(idle.connection);
    statement_cache::forget(*idle.connection);
    lock.lock();
    --open_;
  }
  ++open_;
  lock.unlock();
  try {
    auto c = connect();
    ++counts_.opened;
    statement_cache::keep_for(*c);
    return c;
  } catch (...) {
    ++counts_.lost;
    std::lock_guard again(mutex_);
    --open_;
    available_.notify_one();
    throw;
  }
}

void mysql_pool::give_back(std::unique_ptr<sql::Connection> c, bool healthy) {
  if (healthy && c && !c->getAutoCommit()) {
    try {
      c->rollback();
      c->setAutoCommit(true);
    } catch (const sql::SQLException&) {
      healthy = false;
    }
  }
  if (c && !healthy) statement_cache::forget(*c);  // before the connection closes
  std::lock_guard lock(mutex_);
  if (healthy && c) {
    idle_.push_back({std::move(c), std::chrono::steady_clock::now(), failures_});
  } else {
    --open_;
    ++failures_;
    ++counts_.lost;
  }
  available_.notify_one();
}

}  // namespace lifelong
