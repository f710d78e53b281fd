#include "watchdog.hpp"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <set>

#include "common/transcode_job.hpp"

namespace lifelong::transcoder {
namespace {

// (lesson, version) of every job still in the stream. Acknowledged entries are deleted,
// so this is the backlog plus the jobs in progress.
std::set<std::pair<std::uint64_t, std::uint32_t>> jobs_in_stream(redis_pool& redis) {
  std::set<std::pair<std::uint64_t, std::uint32_t>> jobs;
  auto entries = redis.command({"XRANGE", transcode_stream, "-", "+", "COUNT", "10000"});
  for (const auto& e : entries.elements) {
    if (e.elements.size() < 2) continue;
    const auto& fields = e.elements[1].elements;
    for (std::size_t i = 0; i + 1 < fields.size(); i += 2)
      if (fields[i].str == "job")
        if (auto job = parse_job(fields[i + 1].str)) jobs.insert({job->lesson_id, job->media_version});
  }
  return jobs;
}

}  // namespace

int watchdog::sweep() {
  auto locked = redis_.command({"SET", "transcode:watchdog", "1", "NX", "EX", "50"});
  if (locked.is_nil()) return 0;  // another worker is sweeping

  std::vector<std::pair<std::uint64_t, std::uint32_t>> stuck;
  db_.with([&](sql::Connection& db) {
    std::unique_ptr<sql::PreparedStatement> st(
        db.prepareStatement("SELECT id, media_version FROM lessons WHERE status IN ('queued', 'transcoding') "
                            "AND updated_at < UTC_TIMESTAMP() - INTERVAL ? MINUTE LIMIT 1000"));
    st->setInt(1, static_cast<int>(stuck_after_.count()));
    std::unique_ptr<sql::ResultSet> r(st->executeQuery());
    while (r->next()) stuck.emplace_back(r->getUInt64(1), r->getUInt(2));
  });
  if (stuck.empty()) return 0;

  const auto queued = jobs_in_stream(redis_);
  int requeued = 0;
  for (const auto& [lesson, version] : stuck) {
    if (queued.count({lesson, version})) continue;
    transcode_job job;
    job.lesson_id = lesson;
    job.media_version = version;
    job.source_path = std::filesystem::absolute(media_dir_ / "incoming" /
                                                (std::to_string(lesson) + "-v" + std::to_string(version) + ".src"))
                          .string();
    db_.with([&](sql::Connection& db) {  // back to queued, and the clock restarts
      std::unique_ptr<sql::PreparedStatement> st(
          db.prepareStatement("UPDATE lessons SET status = 'queued', progress_pct = 0, updated_at = UTC_TIMESTAMP() "
                              "WHERE id = ? AND media_version = ?"));
      st->setUInt64(1, lesson);
      st->setUInt(2, version);
      st->execute();
    });
    redis_.command({"XADD", transcode_stream, "*", "job", to_json(job)});
    spdlog::warn("lesson {} v{} had no job left in the queue; queued it again", lesson, version);
    ++requeued;
  }
  return requeued;
}

}  // namespace lifelong::transcoder
