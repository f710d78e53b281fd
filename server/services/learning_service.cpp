#include "learning_service.hpp"

#include "error.hpp"
#include "figures_ledger.hpp"
#include "permissions.hpp"
#include "storage/sql.hpp"
#include "xapi/outbox.hpp"

namespace lifelong::services {
namespace {
namespace query {
constexpr const char* course_title = "SELECT title FROM courses WHERE id = ?";
constexpr const char* enrol = "INSERT IGNORE INTO enrolments (user_id, course_id) VALUES (?, ?)";
constexpr const char* leave = "DELETE FROM enrolments WHERE user_id = ? AND course_id = ?";
constexpr const char* is_enrolled = "SELECT 1 FROM enrolments WHERE user_id = ? AND course_id = ?";
constexpr const char* enrolled_courses = "SELECT course_id FROM enrolments WHERE user_id = ? ORDER BY enrolled_at DESC";
// No further than the lesson's length (the longer of its two versions: course_changes.hpp).
constexpr const char* save_position =
    "INSERT INTO lesson_positions (user_id, lesson_id, position_ms) "
    "SELECT ?, id, LEAST(?, GREATEST(duration_ms, published_duration_ms)) FROM lessons WHERE id = ? "
    "ON DUPLICATE KEY UPDATE position_ms = VALUES(position_ms)";
constexpr const char* position = "SELECT position_ms FROM lesson_positions WHERE user_id = ? AND lesson_id = ?";
}  // namespace query
}  // namespace

std::string course_title(sql::Connection& db, std::uint64_t course_id) {
  auto r = storage::select(db, query::course_title, course_id);
  return r->next() ? storage::text(r, "title") : std::string();
}

void learning_service::enrol(const actor& who, std::uint64_t course_id) {
  const auto course = courses_.find(course_id);
  require_open(course, who);
  // A teacher previews their own lessons; enrolling would count them among the learners.
  if (course && course->teacher_id == who.user_id) throw conflict("errors.own_course");
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      if (storage::change(db, query::enrol, who.user_id, course_id) == 0) return;  // already enrolled
      if (xapi_ && xapi_->enabled())
        xapi_->add(db, xapi_->make().registered(who.user_id, {course_id, course_title(db, course_id)}));
      add_to_figures(db, who.user_id, course_id, {.enrolments = 1});
    });
  });
}

void learning_service::leave(const actor& who, std::uint64_t course_id) {
  courses_.visible(course_id, &who);
  db_.with([&](sql::Connection& db) { storage::change(db, query::leave, who.user_id, course_id); });
}

bool learning_service::is_enrolled(std::uint64_t user_id, std::uint64_t course_id) {
  return db_.with(
      [&](sql::Connection& db) { return storage::select(db, query::is_enrolled, user_id, course_id)->next(); });
}

std::vector<std::uint64_t> learning_service::enrolled_course_ids(std::uint64_t user_id) {
  return db_.with([&](sql::Connection& db) {
    auto r = storage::select(db, query::enrolled_courses, user_id);
    std::vector<std::uint64_t> ids;
    while (r->next()) ids.push_back(r->getUInt64(1));
    return ids;
  });
}

void learning_service::save_position(const actor& who, std::uint64_t lesson_id, std::uint32_t position_ms) {
  courses_.visible_lesson(lesson_id, &who);
  db_.with(
      [&](sql::Connection& db) { storage::change(db, query::save_position, who.user_id, position_ms, lesson_id); });
}

std::uint32_t learning_service::position(std::uint64_t user_id, std::uint64_t lesson_id) {
  return db_.with([&](sql::Connection& db) -> std::uint32_t {
    auto r = storage::select(db, query::position, user_id, lesson_id);
    return r->next() ? r->getUInt(1) : 0;
  });
}

}  // namespace lifelong::services
