#pragma once
// Reads that may be a moment old (the catalog, search, area figures, certificate checks)
// go to a MariaDB replica when one is configured and keeps up; everything else, and these
// too whenever the replica cannot be trusted, goes to the primary. A thread of its own
// asks the replica every second how it replicates (SHOW REPLICA STATUS): both threads
// running and Seconds_Behind_Master within mysql.replica_max_lag_seconds, or it is not
// used. Two more cases read the primary:
//  - a request of a person who changed something a moment ago (the dispatcher's
//    primary_scope), so they see their own change;
//  - a little while after a cache stamp moved (note_change): a cache refilled from a
//    replica that has not applied the change yet would keep the old rows under the new
//    stamp until the next change.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "mysql_pool.hpp"

namespace lifelong {

// What one look at the replica saw.
struct replica_reading {
  bool answered = false;  // the replica could be asked at all
  bool io_running = false, sql_running = false;
  std::optional<double> lag_seconds;  // Seconds_Behind_Master; none while a thread is stopped
  std::string problem;                // why it is not used, for /admin/system and the log
};

// Whether reads may go to a replica in this state (pure: unit-tested).
bool replica_keeps_up(const replica_reading& r, int max_lag_seconds);

struct replica_report {
  bool configured = false;
  bool in_use = false;  // may-be-old reads go there now (but for the cases above)
  replica_reading last;
  std::optional<double> seconds_since_answer;  // none: it never answered
};

class replica_reads {
 public:
  // Without a replica (settings.replica_host empty) every read goes to `primary`.
  replica_reads(mysql_pool& primary, const mysql_settings& settings);
  ~replica_reads();
  replica_reads(const replica_reads&) = delete;
  replica_reads& operator=(const replica_reads&) = delete;

  // Lends a connection for a read that may be a moment old. A replica that fails to
  // answer is left for the primary at once, for this read and until it answers again:
  // `fn` may then run twice, so it builds what it returns afresh each time.
  template <class Fn>
  auto with(Fn&& fn) -> decltype(fn(std::declval<sql::Connection&>())) {
    if (replica_ && use_replica()) {
      try {
        ++reads_from_replica_;
        return replica_->with(fn);
      } catch (const sql::SQLException& e) {
        if (!is_connection_error(e)) throw;  // the statement's own fault: the same on the primary
        set_aside("the replica failed a read: " + std::string(e.what()));
      } catch (const pool_exhausted&) {
        set_aside("no replica connection came free in time");
      }
    }
    ++reads_from_primary_;
    return primary_.with(fn);
  }

  // While one lives, this thread's may-be-old reads go to the primary (a request of a
  // person who has just changed something: the dispatcher holds one around it).
  class primary_scope {
   public:
    explicit primary_scope(bool wanted);
    ~primary_scope();
    primary_scope(const primary_scope&) = delete;
    primary_scope& operator=(const primary_scope&) = delete;

   private:
    bool previous_;
  };

  // A cache stamp moved: for the next fresh_window() the primary serves every read.
  void note_change();
  // How long a person's own change, or a stamp's move, keeps reads on the primary: the
  // lag the replica may have and still be used, plus one look at it, plus a second.
  std::chrono::seconds fresh_window() const;

  bool configured() const { return replica_ != nullptr; }
  replica_report report() const;
  std::uint64_t reads_from_replica() const { return reads_from_replica_; }
  std::uint64_t reads_from_primary() const { return reads_from_primary_; }
  const pool_counts* replica_counts() const { return replica_ ? &replica_->counts() : nullptr; }

 private:
  bool trusted() const;  // the last look answered, lately, and saw it keep up
  bool use_replica() const;
  void set_aside(const std::string& why);
  void watch();
  replica_reading look(std::unique_ptr<sql::Connection>& c);
  static bool is_connection_error(const sql::SQLException& e);

  mysql_pool& primary_;
  std::unique_ptr<mysql_pool> replica_;
  int max_lag_seconds_;
  std::atomic<bool> keeps_up_{false};
  std::atomic<std::int64_t> last_look_ns_{0};      // steady clock, of the last look that answered
  std::atomic<std::int64_t> primary_until_ns_{0};  // steady clock: note_change's window
  std::atomic<std::uint64_t> reads_from_replica_{0}, reads_from_primary_{0};
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  replica_reading last_;  // under mutex_
  bool stopping_ = false;
  std::thread watcher_;
};

}  // namespace lifelong
