#include "course_figures.hpp"

#include "storage/sql.hpp"
#include "watched_seconds.hpp"

namespace lifelong::services {
namespace {

std::uint64_t count_of(sql::Connection& db, const char* query, std::uint64_t course_id) {
  auto st = storage::prepare(db, query);
  st->setUInt64(1, course_id);
  storage::rows r(st->executeQuery());
  return r->next() ? r->getUInt64(1) : 0;
}

std::vector<double> retention_of(sql::Connection& db, const lesson_figures& l) {
  std::vector<double> curve(retention_points, 0.0);
  if (l.duration_s == 0) return curve;
  auto r =
      storage::select(db, "SELECT watched FROM lesson_progress WHERE lesson_id = ? ORDER BY updated_at DESC LIMIT ?",
                      l.id, retention_max_viewers);
  std::vector<std::uint64_t> at(retention_points, 0);
  std::uint64_t viewers = 0;
  while (r->next()) {
    const watched_seconds w(l.duration_s, storage::text(r, "watched"));
    ++viewers;
    for (int p = 0; p < retention_points; ++p)
      at[p] += w.has(static_cast<std::uint32_t>((2ull * p + 1) * l.duration_s / (2 * retention_points)));
  }
  for (int p = 0; p < retention_points && viewers; ++p) curve[p] = double(at[p]) / double(viewers);
  return curve;
}

}  // namespace

course_figures figures_of_course(mysql_pool& pool, std::uint64_t course_id) {
  return pool.with([&](sql::Connection& db) {
    course_figures f;
    f.started = count_of(db, "SELECT learners FROM courses WHERE id = ?", course_id);
    f.enrolled = count_of(db, "SELECT COUNT(*) FROM enrolments WHERE course_id = ?", course_id);
    f.completed = count_of(db, "SELECT COUNT(*) FROM course_completions WHERE course_id = ?", course_id);
    auto st = storage::prepare(
        db,
        "SELECT l.id, l.position, l.title, l.duration_ms DIV 1000 AS duration_s, COUNT(p.user_id) AS viewers, "
        "COUNT(p.completed_at) AS completed, COALESCE(SUM(p.seconds_watched), 0) AS seconds FROM lessons l "
        "LEFT JOIN lesson_progress p ON p.lesson_id = l.id WHERE l.course_id = ? GROUP BY l.id ORDER BY l.position");
    st->setUInt64(1, course_id);
    storage::rows r(st->executeQuery());
    while (r->next())
      f.lessons.push_back({r->getUInt64("id"),
                           r->getInt("position"),
                           storage::text(r, "title"),
                           r->getUInt("duration_s"),
                           r->getUInt64("viewers"),
                           r->getUInt64("completed"),
                           r->getUInt64("seconds"),
                           {}});
    for (auto& l : f.lessons) l.retention = retention_of(db, l);
    return f;
  });
}

}  // namespace lifelong::services
