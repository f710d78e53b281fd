#include "record_service.hpp"

#include <algorithm>

#include "storage/sql.hpp"

namespace lifelong::services {

learning_record record_service::of(std::uint64_t user_id) {
  return db_.with([&](sql::Connection& db) {
    learning_record record;
    auto st = storage::prepare(
        db,
        "SELECT c.id, c.title, c.credits, DATE_FORMAT(cc.completed_at, '%Y-%m-%d %H:%i:%s') AS completed_on, "
        "cc.credits AS earned, "
        "(SELECT COALESCE(SUM(l.published_duration_ms), 0) DIV 1000 FROM lessons l WHERE l.course_id = c.id) AS "
        "total_s, "
        "(SELECT COALESCE(SUM(p.seconds_watched), 0) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id "
        " WHERE l.course_id = c.id AND p.user_id = me.id) AS watched_s, "
        "(SELECT p.lesson_id FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id "
        " WHERE l.course_id = c.id AND p.user_id = me.id ORDER BY p.updated_at DESC, p.lesson_id DESC LIMIT 1) "
        " AS last_lesson, "
        "(SELECT MAX(p.updated_at) FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id "
        " WHERE l.course_id = c.id AND p.user_id = me.id) AS last_played, "
        "(SELECT l.id FROM lessons l WHERE l.course_id = c.id AND l.published_version > 0 ORDER BY l.position "
        "LIMIT 1) AS first_lesson "
        // Courses enrolled in, and completed ones even after leaving them: credits stay.
        "FROM (SELECT ? AS id) me JOIN (SELECT course_id FROM enrolments WHERE user_id = ? UNION "
        "SELECT course_id FROM course_completions WHERE user_id = ?) mine JOIN courses c ON c.id = mine.course_id "
        "LEFT JOIN enrolments e ON e.user_id = me.id AND e.course_id = c.id "
        "LEFT JOIN course_completions cc ON cc.user_id = me.id AND cc.course_id = c.id "
        "ORDER BY cc.completed_at DESC, last_played DESC, e.enrolled_at DESC LIMIT 500");
    for (int i = 1; i <= 3; ++i) st->setUInt64(i, user_id);
    storage::rows r(st->executeQuery());
    while (r->next()) {
      record_course c;
      c.course_id = r->getUInt64("id");
      c.title = storage::text(r, "title");
      const auto total = r->getUInt64("total_s");
      const auto watched = r->getUInt64("watched_s");
      c.percent = total ? static_cast<int>(std::min<std::uint64_t>(100, watched * 100 / total)) : 0;
      c.continue_lesson = !r->isNull("last_lesson")    ? r->getUInt64("last_lesson")
                          : !r->isNull("first_lesson") ? r->getUInt64("first_lesson")
                                                       : 0;
      if (!r->isNull("completed_on")) {
        c.completed_at = storage::text(r, "completed_on");
        c.credits = r->getDouble("earned");
        c.percent = 100;
        record.total_credits += c.credits;
        record.completed.push_back(std::move(c));
      } else {
        c.credits = r->getDouble("credits");
        record.in_progress.push_back(std::move(c));
      }
    }
    auto hours =
        storage::prepare(db, "SELECT COALESCE(SUM(seconds_watched), 0) FROM lesson_progress WHERE user_id = ?");
    hours->setUInt64(1, user_id);
    storage::rows h(hours->executeQuery());
    h->next();
    record.hours = static_cast<double>(h->getUInt64(1)) / 3600.0;
    return record;
  });
}

course_progress record_service::in_course(std::uint64_t user_id, std::uint64_t course_id) {
  return db_.with([&](sql::Connection& db) {
    course_progress out;
    auto played = storage::select(
        db,
        "SELECT p.lesson_id, p.seconds_watched, p.completed_at IS NOT NULL AS done, l.published_duration_ms "
        "FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id WHERE p.user_id = ? AND l.course_id = ? "
        "ORDER BY p.updated_at DESC, p.lesson_id DESC LIMIT 1000",
        user_id, course_id);
    while (played->next()) {
      lesson_mark m;
      m.lesson_id = played->getUInt64("lesson_id");
      m.completed = played->getBoolean("done");
      const auto total_s = played->getUInt64("published_duration_ms") / 1000;
      const auto watched_s = played->getUInt64("seconds_watched");
      m.percent = m.completed ? 100
                  : total_s   ? static_cast<int>(std::min<std::uint64_t>(99, watched_s * 100 / total_s))
                              : 0;
      out.played.push_back(m);
    }
    auto done = storage::select(db,
                                "SELECT DATE_FORMAT(completed_at, '%Y-%m-%d %H:%i:%s') AS at FROM course_completions "
                                "WHERE user_id = ? AND course_id = ?",
                                user_id, course_id);
    if (done->next()) out.completed_at = storage::text(done, "at");
    return out;
  });
}

std::uint64_t lesson_to_continue(const std::vector<lesson_row>& lessons, const course_progress& p) {
  auto finished = [&](std::uint64_t id) {
    for (const auto& m : p.played)
      if (m.lesson_id == id) return m.completed;
    return false;
  };
  std::vector<const lesson_row*> playable;
  for (const auto& l : lessons)
    if (l.status == "ready") playable.push_back(&l);
  if (playable.empty()) return 0;
  const auto last = p.played.empty() ? 0 : p.played.front().lesson_id;
  std::size_t from = 0;
  for (std::size_t i = 0; i < playable.size(); ++i)
    if (playable[i]->id == last) {
      if (!finished(last)) return last;
      from = i + 1;
    }
  for (std::size_t k = 0; k < playable.size(); ++k) {  // after the last played, round to the start
    const auto* l = playable[(from + k) % playable.size()];
    if (!finished(l->id)) return l->id;
  }
  return playable.front()->id;
}

}  // namespace lifelong::services
