#include "message_posts.hpp"

#include "storage/sql.hpp"

namespace lifelong::services::message_posts {
namespace query {
constexpr const char* to_teacher =
    "INSERT INTO messages (user_id, kind, course_id, note) SELECT teacher_id, ?, id, NULLIF(?, '') FROM courses "
    "WHERE id = ?";
constexpr const char* new_course =
    "INSERT IGNORE INTO announcements (kind, course_id, once_key) VALUES ('new_course', ?, CONCAT('new_course:', ?))";
constexpr const char* new_class = "INSERT INTO announcements (kind, activity_id, unit_id) VALUES ('new_class', ?, ?)";
}  // namespace query

void review_step(sql::Connection& db, std::uint64_t course_id, const std::string& action, const std::string& comment) {
  if (action != "approved" && action != "returned" && action != "changes_approved" && action != "changes_returned")
    return;
  storage::change(db, query::to_teacher, action, comment, course_id);
}

void new_course(sql::Connection& db, std::uint64_t course_id) {
  storage::change(db, query::new_course, course_id, course_id);
}

void new_class(sql::Connection& db, std::uint64_t activity_id, std::uint64_t unit_id) {
  storage::change(db, query::new_class, activity_id, unit_id);
}

}  // namespace lifelong::services::message_posts
