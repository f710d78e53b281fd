// A teacher's edits to the list of lessons: rename, reorder, delete (course_service.hpp).
#include "course_changes.hpp"
#include "course_service.hpp"
#include "error.hpp"
#include "search_index.hpp"
#include "storage/sql.hpp"
#include "text_rules.hpp"

namespace lifelong::services {
namespace {

// The lesson and its course's status, the course row locked so that edits of one
// course's lessons happen one at a time (positions stay distinct).
struct locked_lesson {
  std::uint64_t course_id = 0;
  int position = 0;
  std::uint32_t published_version = 0;
  std::string course_status;
};

locked_lesson lock_lesson(sql::Connection& db, std::uint64_t lesson_id, std::uint64_t course_id) {
  auto c = storage::select(db, "SELECT status FROM courses WHERE id = ? FOR UPDATE", course_id);
  if (!c->next()) throw not_found();
  auto l = storage::select(db, "SELECT position, published_version FROM lessons WHERE id = ? AND course_id = ?",
                           lesson_id, course_id);
  if (!l->next()) throw not_found();
  return {course_id, l->getInt("position"), l->getUInt("published_version"), storage::text(c, "status")};
}

bool approved_in_catalog(const locked_lesson& l) {
  return l.course_status == "published" && l.published_version > 0;
}

}  // namespace

void course_service::rename_lesson(const actor& who, std::uint64_t lesson_id, const std::string& title) {
  const auto course_id = editable_lesson(who, lesson_id).course_id;
  if (!fits_text(title, 200)) throw invalid("errors.title_invalid", "title");
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      const auto l = lock_lesson(db, lesson_id, course_id);
      note_change(db, course_id);  // a published course's changes go back to being edited
      if (approved_in_catalog(l)) {
        // Learners keep the approved title until a reviewer approves (course_changes.hpp).
        storage::change(db, "UPDATE lessons SET draft_title = IF(title = ? COLLATE utf8mb4_bin, NULL, ?) WHERE id = ?",
                        title, title, lesson_id);
        return;
      }
      storage::change(db, "UPDATE lessons SET title = ?, draft_title = NULL WHERE id = ?", title, lesson_id);
      index_course(db, course_id);  // lesson titles are searched too
    });
  });
  course_changed();
}

void course_service::move_lesson(const actor& who, std::uint64_t lesson_id, bool up) {
  const auto course_id = editable_lesson(who, lesson_id).course_id;
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      const auto l = lock_lesson(db, lesson_id, course_id);
      auto next = storage::select(db,
                                  up ? "SELECT id, position FROM lessons WHERE course_id = ? AND position < ? "
                                       "ORDER BY position DESC LIMIT 1"
                                     : "SELECT id, position FROM lessons WHERE course_id = ? AND position > ? "
                                       "ORDER BY position LIMIT 1",
                                  course_id, l.position);
      if (!next->next()) return;  // already first (or last)
      const auto other_id = next->getUInt64("id");
      const int other_position = next->getInt("position");
      // Positions are unique per course: swap through a place no lesson has.
      storage::change(db, "UPDATE lessons SET position = 0 WHERE id = ?", lesson_id);
      storage::change(db, "UPDATE lessons SET position = ? WHERE id = ?", l.position, other_id);
      storage::change(db, "UPDATE lessons SET position = ? WHERE id = ?", other_position, lesson_id);
    });
  });
  course_changed();
}

void course_service::delete_lesson(const actor& who, std::uint64_t lesson_id) {
  const auto course_id = editable_lesson(who, lesson_id).course_id;
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      const auto l = lock_lesson(db, lesson_id, course_id);
      if (approved_in_catalog(l)) throw conflict("errors.lesson_published");
      // Nothing of anyone's learning is lost: a lesson someone has learned from stays (a
      // preview by its teacher or a reviewer records no progress, only where it stopped).
      if (storage::select(db, "SELECT 1 FROM lesson_progress WHERE lesson_id = ? LIMIT 1", lesson_id)->next())
        throw conflict("errors.lesson_has_learners");
      note_change(db, course_id);
      storage::change(db, "DELETE FROM lessons WHERE id = ?", lesson_id);
      index_course(db, course_id);
    });
  });
  course_changed();
}

}  // namespace lifelong::services
