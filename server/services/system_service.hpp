#pragma once
// What the site is doing, for its administrators' /admin/system: the transcoders and
// their jobs, the queue, lessons that failed in the last day, disk free for media, and
// whether MariaDB and Redis answer. Each part is read on its own: with the database
// away the page still says so, and what Redis knows.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "actor.hpp"
#include "common/mysql_pool.hpp"
#include "common/redis_client.hpp"
#include "common/replica_reads.hpp"
#include "common/transcoder_status.hpp"

namespace lifelong::services {

struct failed_lesson {
  std::uint64_t lesson_id = 0;
  std::string lesson_title;
  std::uint64_t course_id = 0;
  std::string course_title;
  std::string failure_code;
  std::string failed_at;  // UTC, "YYYY-MM-DD HH:MM:SS"
};

struct reachability {
  bool up = false;
  double milliseconds = 0;  // of one round trip, when up
  std::string detail;       // the server's version when up, the error when not
};

struct system_report {
  reachability database;
  reachability redis;
  replica_report replica;                      // configured or not, in use, its lag
  std::vector<transcoder_status> transcoders;  // alive now, by name
  std::optional<long long> queue_length;       // none: Redis did not answer
  std::optional<long long> queue_pending;
  std::optional<std::vector<failed_lesson>> failed_today;  // none: the database did not answer
  long long failed_today_count = 0;                        // may pass the list's length
  std::optional<std::uintmax_t> media_free_bytes, media_total_bytes;
};

class system_service {
 public:
  system_service(mysql_pool& db, const replica_reads& reads, redis_pool& redis, std::filesystem::path media_dir);
  // Site administrators only.
  system_report report(const actor& who);

 private:
  mysql_pool& db_;
  const replica_reads& reads_;
  redis_pool& redis_;
  std::filesystem::path media_dir_;
};

}  // namespace lifelong::services
