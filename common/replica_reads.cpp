#include "replica_reads.hpp"

#include <algorithm>

#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <spdlog/spdlog.h>

namespace lifelong {

namespace {
constexpr auto look_interval = std::chrono::seconds(1);
// A look this old no longer vouches for the replica (one may hang on a stuck server).
constexpr auto look_trusted_for = std::chrono::seconds(3);

thread_local bool reads_primary_here = false;

std::int64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

mysql_settings replica_settings(const mysql_settings& s) {
  auto r = s;
  r.host = s.replica_host;
  r.port = s.replica_port;
  r.wait_ms = std::min(s.wait_ms, 200);  // a busy replica: the primary, rather than a wait
  return r;
}
}  // namespace

bool replica_keeps_up(const replica_reading& r, int max_lag_seconds) {
  return r.answered && r.io_running && r.sql_running && r.lag_seconds && *r.lag_seconds <= max_lag_seconds;
}

replica_reads::replica_reads(mysql_pool& primary, const mysql_settings& settings)
    : primary_(primary), max_lag_seconds_(settings.replica_max_lag_seconds) {
  if (settings.replica_host.empty()) return;
  replica_ = std::make_unique<mysql_pool>(replica_settings(settings));
  last_.problem = "not yet asked";
  watcher_ = std::thread([this] { watch(); });
}

replica_reads::~replica_reads() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

replica_reads::primary_scope::primary_scope(bool wanted) : previous_(reads_primary_here) {
  reads_primary_here = reads_primary_here || wanted;
}
replica_reads::primary_scope::~primary_scope() {
  reads_primary_here = previous_;
}

std::chrono::seconds replica_reads::fresh_window() const {
  return std::chrono::seconds(max_lag_seconds_) + std::chrono::duration_cast<std::chrono::seconds>(look_trusted_for) +
         std::chrono::seconds(1);
}

void replica_reads::note_change() {
  if (!replica_) return;
  primary_until_ns_ = now_ns() + std::chrono::duration_cast<std::chrono::nanoseconds>(fresh_window()).count();
}

bool replica_reads::trusted() const {
  return keeps_up_ &&
         now_ns() - last_look_ns_ < std::chrono::duration_cast<std::chrono::nanoseconds>(look_trusted_for).count();
}

bool replica_reads::use_replica() const {
  return !reads_primary_here && now_ns() >= primary_until_ns_ && trusted();
}

void replica_reads::set_aside(const std::string& why) {
  if (keeps_up_.exchange(false)) spdlog::warn("mysql replica: {}; reading the primary", why);
  std::lock_guard lock(mutex_);
  last_.problem = why;
}

bool replica_reads::is_connection_error(const sql::SQLException& e) {
  // The client library's own errors (CR_*: cannot connect, server gone, lost connection)
  // are 2000 to 2999; the server's are below.
  const int code = e.getErrorCode();
  return code >= 2000 && code < 3000;
}

replica_reading replica_reads::look(std::unique_ptr<sql::Connection>& c) {
  replica_reading r;
  try {
    if (!c) c = replica_->connect_with_read_timeout(5);  // a hung look holds up no shutdown long
    std::unique_ptr<sql::Statement> st(c->createStatement());
    std::unique_ptr<sql::ResultSet> rows(st->executeQuery("SHOW REPLICA STATUS"));
    r.answered = true;
    if (!rows->next()) {
      r.problem = "the server is not a replica (SHOW REPLICA STATUS is empty)";
      return r;
    }
    r.io_running = std::string(rows->getString("Slave_IO_Running")) == "Yes";
    r.sql_running = std::string(rows->getString("Slave_SQL_Running")) == "Yes";
    if (!rows->isNull("Seconds_Behind_Master")) r.lag_seconds = double(rows->getInt64("Seconds_Behind_Master"));
    if (!r.sql_running)
      r.problem = "its SQL thread is stopped: " + std::string(rows->getString("Last_SQL_Error"));
    else if (!r.io_running)
      r.problem = "it is not connected to the primary: " + std::string(rows->getString("Last_IO_Error"));
    else if (!r.lag_seconds || *r.lag_seconds > max_lag_seconds_)
      r.problem = "it lags more than " + std::to_string(max_lag_seconds_) + " s behind the primary";
  } catch (const std::exception& e) {
    c.reset();  // asked again on a new connection next time
    r = {};
    r.problem = std::string("it does not answer: ") + e.what();
  }
  return r;
}

void replica_reads::watch() {
  std::unique_ptr<sql::Connection> c;
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    auto r = look(c);
    const bool ok = replica_keeps_up(r, max_lag_seconds_);
    if (r.answered) last_look_ns_ = now_ns();
    if (keeps_up_.exchange(ok) != ok) {
      if (ok)
        spdlog::info("mysql replica: keeps up again; may-be-old reads go to it");
      else
        spdlog::warn("mysql replica: {}; reading the primary", r.problem);
    }
    lock.lock();
    last_ = std::move(r);
    wake_.wait_for(lock, look_interval, [&] { return stopping_; });
  }
  lock.unlock();
  c.reset();
}

replica_report replica_reads::report() const {
  replica_report out;
  out.configured = replica_ != nullptr;
  if (!replica_) return out;
  out.in_use = trusted();
  if (const auto at = last_look_ns_.load()) out.seconds_since_answer = double(now_ns() - at) / 1e9;
  std::lock_guard lock(mutex_);
  out.last = last_;
  return out;
}

}  // namespace lifelong
