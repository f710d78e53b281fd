#include "system_service.hpp"

#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <chrono>

#include "common/transcode_job.hpp"
#include "permissions.hpp"
#include "storage/sql.hpp"

namespace lifelong::services {
namespace {

template <class Fn>
reachability timed(Fn fn) {
  reachability r;
  const auto started = std::chrono::steady_clock::now();
  try {
    r.detail = fn();
    r.up = true;
    r.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  } catch (const std::exception& e) {
    r.detail = e.what();
  }
  return r;
}

std::vector<transcoder_status> live_transcoders(redis_pool& redis) {
  // Workers that died without a word drop out of the registry once their time is up.
  const auto now =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  redis.command({"ZREMRANGEBYSCORE", transcoder_registry_key, "-inf", std::to_string(now.count())});
  std::vector<std::string> keys;
  for (const auto& worker :
       redis.command({"ZRANGE", transcoder_registry_key, "0", std::to_string(transcoders_shown - 1)}).elements)
    keys.push_back(transcoder_status_prefix + worker.str);
  std::vector<transcoder_status> out;
  if (keys.empty()) return out;
  std::vector<std::string> mget{"MGET"};
  mget.insert(mget.end(), keys.begin(), keys.end());
  for (const auto& v : redis.command(mget).elements)
    if (!v.is_nil())
      if (auto s = parse_transcoder_status(v.str)) out.push_back(*s);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.worker < b.worker; });
  return out;
}

}  // namespace

system_service::system_service(mysql_pool& db, const replica_reads& reads, redis_pool& redis,
                               std::filesystem::path media_dir)
    : db_(db), reads_(reads), redis_(redis), media_dir_(std::move(media_dir)) {}

system_report system_service::report(const actor& who) {
  require_site_admin(who);
  system_report r;
  r.database = timed([&] {
    return db_.with([](sql::Connection& c) {
      std::unique_ptr<sql::Statement> st(c.createStatement());
      std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT VERSION()"));
      return rs->next() ? std::string(rs->getString(1)) : std::string();
    });
  });
  r.replica = reads_.report();
  r.redis = timed([&] { return redis_.command({"PING"}).str; });
  if (r.redis.up) {
    try {
      r.transcoders = live_transcoders(redis_);
      r.queue_length = redis_.command({"XLEN", transcode_stream}).integer;
      auto pending = redis_.command({"XPENDING", transcode_stream, transcode_group});
      r.queue_pending = pending.elements.empty() ? 0 : pending.elements[0].integer;
    } catch (const redis_error&) {
      // No consumer group yet (no transcoder ever ran): nothing is pending.
      if (r.queue_length && !r.queue_pending) r.queue_pending = 0;
    }
  }
  if (r.database.up) {
    try {
      r.failed_today = db_.with([&](sql::Connection& c) {
        auto count = storage::prepare(
            c,
            "SELECT COUNT(*) FROM lessons WHERE status = 'failed' AND updated_at > UTC_TIMESTAMP() - INTERVAL 1 DAY");
        std::unique_ptr<sql::ResultSet> n(count->executeQuery());
        r.failed_today_count = n->next() ? n->getInt64(1) : 0;
        auto st = storage::prepare(
            c,
            "SELECT l.id, l.title, c.id, c.title, COALESCE(l.failure_code, ''), "
            "DATE_FORMAT(l.updated_at, '%Y-%m-%d %H:%i:%s') FROM lessons l JOIN courses c ON c.id = l.course_id "
            "WHERE l.status = 'failed' AND l.updated_at > UTC_TIMESTAMP() - INTERVAL 1 DAY "
            "ORDER BY l.updated_at DESC, l.id DESC LIMIT 50");  // failed_shown
        std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
        std::vector<failed_lesson> out;
        while (rs->next())
          out.push_back({rs->getUInt64(1), rs->getString(2), rs->getUInt64(3), rs->getString(4), rs->getString(5),
                         rs->getString(6)});
        return out;
      });
    } catch (const std::exception&) {
      r.failed_today.reset();
    }
  }
  std::error_code ec;
  const auto space = std::filesystem::space(media_dir_, ec);
  if (!ec) {
    r.media_free_bytes = space.available;
    r.media_total_bytes = space.capacity;
  }
  return r;
}

}  // namespace lifelong::services
