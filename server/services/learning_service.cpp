#include "learning_service.hpp"

#include "figures_ledger.hpp"
#include "permissions.hpp"
#include "storage/sql.hpp"
#include "xapi/outbox.hpp"

namespace lifelong::services {

std::string course_title(sql::Connection& db, std::uint64_t course_id) {
  auto st = storage::prepare(db, "SELECT title FROM courses WHERE id = ?");
  st->setUInt64(1, course_id);
  storage::rows r(st->executeQuery());
  return r->next() ? storage::text(r, "title") : std::string();
}

void learning_service::enrol(const actor& who, std::uint64_t course_id) {
  require_open(courses_.find(course_id), who);
  const auto user_id = who.user_id;
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      auto st = storage::prepare(db, "INSERT IGNORE INTO enrolments (user_id, course_id) VALUES (?, ?)");
      st->setUInt64(1, user_id);
      st->setUInt64(2, course_id);
      if (st->executeUpdate() == 0) return;  // already enrolled
      if (xapi_ && xapi_->enabled())
        xapi_->add(db, xapi_->make().registered(user_id, {course_id, course_title(db, course_id)}));
      add_to_figures(db, user_id, course_id, {.enrolments = 1});
    });
  });
}

void learning_service::leave(const actor& who, std::uint64_t course_id) {
  courses_.visible(course_id, &who);
  const auto user_id = who.user_id;
  db_.with([&](sql::Connection& db) {
    auto st = storage::prepare(db, "DELETE FROM enrolments WHERE user_id = ? AND course_id = ?");
    st->setUInt64(1, user_id);
    st->setUInt64(2, course_id);
    st->execute();
  });
}

bool learning_service::is_enrolled(std::uint64_t user_id, std::uint64_t course_id) {
  return db_.with([&](sql::Connection& db) {
    auto st = storage::prepare(db, "SELECT 1 FROM enrolments WHERE user_id = ? AND course_id = ?");
    st->setUInt64(1, user_id);
    st->setUInt64(2, course_id);
    return storage::rows(st->executeQuery())->next();
  });
}

std::vector<std::uint64_t> learning_service::enrolled_course_ids(std::uint64_t user_id) {
  return db_.with([&](sql::Connection& db) {
    auto st = storage::prepare(db, "SELECT course_id FROM enrolments WHERE user_id = ? ORDER BY enrolled_at DESC");
    st->setUInt64(1, user_id);
    storage::rows r(st->executeQuery());
    std::vector<std::uint64_t> ids;
    while (r->next()) ids.push_back(r->getUInt64(1));
    return ids;
  });
}

void learning_service::save_position(const actor& who, std::uint64_t lesson_id, std::uint32_t position_ms) {
  courses_.visible_lesson(lesson_id, &who);
  const auto user_id = who.user_id;
  db_.with([&](sql::Connection& db) {
    auto st = storage::prepare(db,
                               "INSERT INTO lesson_positions (user_id, lesson_id, position_ms) "
                               "SELECT ?, id, LEAST(?, GREATEST(duration_ms, published_duration_ms)) FROM lessons WHERE id = ? "
                               "ON DUPLICATE KEY UPDATE position_ms = VALUES(position_ms)");
    st->setUInt64(1, user_id);
    st->setUInt(2, position_ms);
    st->setUInt64(3, lesson_id);
    st->execute();
  });
}

std::uint32_t learning_service::position(std::uint64_t user_id, std::uint64_t lesson_id) {
  return db_.with([&](sql::Connection& db) -> std::uint32_t {
    auto st = storage::prepare(db, "SELECT position_ms FROM lesson_positions WHERE user_id = ? AND lesson_id = ?");
    st->setUInt64(1, user_id);
    st->setUInt64(2, lesson_id);
    storage::rows r(st->executeQuery());
    return r->next() ? r->getUInt(1) : 0;
  });
}

}  // namespace lifelong::services
