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
    auto hours = storage::prepare(db, "SELECT COALESCE(SUM(seconds_watched), 0) FROM lesson_progress WHERE user_id = ?");
    hours->setUInt64(1, user_id);
    storage::rows h(hours->executeQuery());
    h->next();
    record.hours = static_cast<double>(h->getUInt64(1)) / 3600.0;
    return record;
  });
}

}  // namespace lifelong::services
