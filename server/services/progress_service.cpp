#include "progress_service.hpp"

#include "error.hpp"
#include "figures_ledger.hpp"
#include "storage/sql.hpp"
#include "verification_code.hpp"
#include "watched_seconds.hpp"
#include "xapi/outbox.hpp"

#include <algorithm>
#include <cmath>

namespace lifelong::services {

progress_state progress_service::report(const actor& who, std::uint64_t lesson_id, progress_report r) {
  const auto [seen, course] = courses_.visible_lesson(lesson_id, &who);
  r.unapproved_version = course.status == "published" && seen.media_version != seen.published_version;
  const auto state = record(who.user_id, lesson_id, r);
  if (state.first_of_course) courses_.catalog_changed();  // one more learner: "most watched" moves
  return state;
}

progress_state progress_service::record(std::uint64_t user_id, std::uint64_t lesson_id, const progress_report& r) {
  return db_.with([&](sql::Connection& db) {
    std::uint64_t course_id = 0;
    const auto state = storage::in_read_committed_transaction(db, [&] {
      auto l = storage::select(
          db,
          "SELECT l.course_id, l.status, l.media_version, l.published_version, l.published_duration_ms, "
          "l.title, c.credits, c.title AS course_title, c.status AS course_status, "
          "c.teacher_id FROM lessons l JOIN courses c ON c.id = l.course_id WHERE l.id = ?",
          lesson_id);
      if (!l->next()) throw not_found();
      // Learners learn the approved version (course_changes.hpp): its length counts.
      const bool learning = storage::text(l, "course_status") == "published" && l->getUInt("published_version") > 0 &&
                            l->getUInt64("teacher_id") != user_id && !r.unapproved_version;
      const bool approved_is_working = l->getUInt("published_version") == l->getUInt("media_version");
      if ((!learning || approved_is_working) && storage::text(l, "status") != "ready")
        throw conflict("errors.lesson_not_ready");
      if (!learning) {
        progress_state preview;  // a teacher or reviewer looking: no learner, no figures, no credits
        preview.preview = true;
        return preview;
      }
      course_id = l->getUInt64("course_id");
      const auto total_seconds = l->getUInt("published_duration_ms") / 1000;
      const double credits = l->getDouble("credits");
      const xapi::activity course{course_id, storage::text(l, "course_title")};
      const bool exporting = xapi_ && xapi_->enabled();

      // Serialise this person's reports for this course (see the header). The reads after
      // this lock see what the report before this one committed (READ COMMITTED, and
      // locking reads besides).
      auto enrol = storage::prepare(db,
                                    "INSERT INTO enrolments (user_id, course_id) VALUES (?, ?) "
                                    "ON DUPLICATE KEY UPDATE user_id = user_id");
      enrol->setUInt64(1, user_id);
      enrol->setUInt64(2, course_id);
      figures_event counted;  // added to the area figures at the end, with everything else
      if (enrol->executeUpdate() == 1) {
        counted.enrolments = 1;
        if (exporting) xapi_->add(db, xapi_->make().registered(user_id, course));
      }
      storage::select(db, "SELECT 1 FROM enrolments WHERE user_id = ? AND course_id = ? FOR UPDATE", user_id,
                      course_id);
      // Seconds since the course's credit clock (pace_rules); none yet for a fresh start.
      auto clock = storage::prepare(db,
                                    "SELECT TIMESTAMPDIFF(MICROSECOND, credit_clock, UTC_TIMESTAMP(6)) "
                                    "FROM course_credit_clocks WHERE user_id = ? AND course_id = ? FOR UPDATE");
      clock->setUInt64(1, user_id);
      clock->setUInt64(2, course_id);
      storage::rows behind_row(clock->executeQuery());
      std::optional<double> behind;
      if (behind_row->next()) behind = behind_row->getInt64(1) / 1e6;

      auto load = storage::prepare(
          db, "SELECT watched, completed_at FROM lesson_progress WHERE user_id = ? AND lesson_id = ? FOR UPDATE");
      load->setUInt64(1, user_id);
      load->setUInt64(2, lesson_id);
      storage::rows p(load->executeQuery());
      const bool known = p->next();
      const bool was_complete = known && !p->isNull("completed_at");
      watched_seconds seconds(total_seconds, known ? storage::text(p, "watched") : std::string());
      const auto seconds_before = seconds.count();
      // No faster than the person could have watched (pace_rules): the course's budget now,
      // and what it does not spend stays banked in the clock.
      const double budget = pace_.budget(behind);
      watched_seconds unlimited = seconds;
      const auto claimed = unlimited.mark(r.ranges);
      const auto added = seconds.mark(r.ranges, static_cast<std::uint32_t>(std::min(budget, double(total_seconds))));
      storage::change(db,
                      "INSERT INTO course_credit_clocks (user_id, course_id, credit_clock) VALUES "
                      "(?, ?, UTC_TIMESTAMP(6) - INTERVAL ? MICROSECOND) "
                      "ON DUPLICATE KEY UPDATE credit_clock = VALUES(credit_clock)",
                      user_id, course_id, std::llround((budget - added) / pace_.fastest_rate * 1e6));
      if (!known && exporting)
        xapi_->add(db, xapi_->make().launched(user_id, {lesson_id, storage::text(l, "title")}, course));

      progress_state state;
      state.capped = claimed > added;
      state.first_of_lesson = !known;
      if (!known) {
        state.first_of_course = !storage::select(db,
                                                 "SELECT 1 FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id "
                                                 "WHERE p.user_id = ? AND l.course_id = ? LIMIT 1 LOCK IN SHARE MODE",
                                                 user_id, course_id)
                                     ->next();
        if (state.first_of_course) counted.starters = 1;
      }

      auto save = storage::prepare(
          db,
          "INSERT INTO lesson_progress (user_id, lesson_id, watched, seconds_watched, completed_at) "
          "VALUES (?, ?, ?, ?, IF(?, UTC_TIMESTAMP(), NULL)) ON DUPLICATE KEY UPDATE watched = VALUES(watched), "
          "seconds_watched = VALUES(seconds_watched), completed_at = COALESCE(completed_at, VALUES(completed_at))");
      save->setUInt64(1, user_id);
      save->setUInt64(2, lesson_id);
      save->setString(3, seconds.bytes());
      save->setUInt(4, seconds.count());
      save->setBoolean(5, seconds.complete());
      save->execute();
      // The day's activity for the area figures (participation_service.hpp): a report
      // that adds no new second still marks the person active that day.
      auto day = storage::prepare(
          db,
          "INSERT INTO learning_days (community_id, day, user_id, seconds) "
          "SELECT org_unit_id, DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR), id, ? FROM users "
          "WHERE id = ? AND org_unit_id IS NOT NULL ON DUPLICATE KEY UPDATE seconds = seconds + VALUES(seconds)");
      day->setUInt(1, seconds.count() - seconds_before);
      day->setUInt64(2, user_id);
      if (day->executeUpdate() == 1) add_learning_day(db, user_id);  // 1: the first report of the day
      counted.seconds = seconds.count() - seconds_before;

      state.lesson_percent = seconds.percent();
      state.lesson_completed = was_complete || seconds.complete();

      auto remaining =
          storage::prepare(db,
                           "SELECT COUNT(*) AS lessons, SUM(p.completed_at IS NULL) AS left_to_do FROM lessons l "
                           "LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = ? WHERE l.course_id = ? "
                           "AND l.published_version > 0 LOCK IN SHARE MODE");
      remaining->setUInt64(1, user_id);
      remaining->setUInt64(2, course_id);
      storage::rows left(remaining->executeQuery());
      left->next();
      const int lessons = left->getInt("lessons"), left_to_do = left->getInt("left_to_do");
      if (!was_complete && state.lesson_completed && exporting)
        xapi_->add(db, xapi_->make().progressed(user_id, course, (lessons - left_to_do) * 100 / std::max(lessons, 1)));
      if (left_to_do == 0) {
        state.credits_awarded =
            storage::change(db,
                            "INSERT INTO course_completions (user_id, course_id, credits, completed_at, "
                            "verification_code) VALUES (?, ?, ?, UTC_TIMESTAMP(), ?) "
                            "ON DUPLICATE KEY UPDATE user_id = user_id",
                            user_id, course_id, credits,
                            new_verification_code()) == 1;  // 1: inserted; 0: already there
        if (state.credits_awarded) {
          counted.completions = 1;
          counted.credits = credits;
        }
        if (state.credits_awarded && exporting) xapi_->add(db, xapi_->make().completed(user_id, course, credits));
        state.course_completed = true;
        state.credits = credits;
      }
      // Last, so the rows every report in the city shares are held only until the commit.
      add_to_figures(db, user_id, course_id, counted);
      return state;
    });
    // One more learner for "most watched", after the commit: in the transaction it would
    // ask for the course row that every starter's foreign-key checks hold shared, and
    // two starters at once would deadlock. A crash in between loses one from a ranking.
    if (state.first_of_course)
      storage::change(db, "UPDATE courses SET learners = learners + 1 WHERE id = ?", course_id);
    return state;
  });
}

}  // namespace lifelong::services
