#include "review_service.hpp"

#include "http/errors.hpp"
#include "storage/sql.hpp"

namespace lifelong::services {
namespace {
bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}
}  // namespace

void review_service::step(std::uint64_t course_id, const char* allowed_from, const char* to, std::uint64_t actor,
                          const char* action, const std::string& comment, const char* refusal_key) {
  if (comment.size() > 4000) throw http::bad_request("errors.review_comment_too_long", "comment");
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      auto update = storage::prepare(
          db, (std::string("UPDATE courses SET status = ?, published_at = IF(? = 'published', UTC_TIMESTAMP(), published_at) "
              "WHERE id = ? AND FIND_IN_SET(status, ?) > 0")).c_str());
      update->setString(1, to);
      update->setString(2, to);
      update->setUInt64(3, course_id);
      update->setString(4, allowed_from);
      if (update->executeUpdate() == 0) throw http::conflict(refusal_key);
      auto log = storage::prepare(db, "INSERT INTO course_reviews (course_id, actor_id, action, comment) VALUES (?, ?, ?, ?)");
      log->setUInt64(1, course_id);
      log->setUInt64(2, actor);
      log->setString(3, action);
      log->setString(4, comment);
      log->executeUpdate();
    });
  });
  courses_.catalog_changed();
}

void review_service::submit(std::uint64_t course_id, std::uint64_t actor) {
  courses_.require_complete(course_id);
  step(course_id, "draft", "submitted", actor, "submitted", "", "errors.course_not_draft");
}

void review_service::decide(std::uint64_t course_id, std::uint64_t actor, bool approve, const std::string& comment) {
  if (!approve && blank(comment)) throw http::bad_request("errors.review_comment_required", "comment");
  if (approve) courses_.require_complete(course_id);  // a lesson may have been re-uploaded since
  step(course_id, "submitted", approve ? "published" : "draft", actor, approve ? "approved" : "returned", comment,
       "errors.course_not_submitted");
}

void review_service::withdraw(std::uint64_t course_id, std::uint64_t actor, const std::string& comment) {
  step(course_id, "published", "draft", actor, "withdrawn", comment, "errors.course_not_published");
}

void review_service::archive(std::uint64_t course_id, std::uint64_t actor, const std::string& comment) {
  step(course_id, "draft,submitted,published", "archived", actor, "archived", comment, "errors.course_archived");
}

std::vector<review_entry> review_service::history(std::uint64_t course_id) {
  return db_.with([&](sql::Connection& db) {
    auto q = storage::prepare(db,
                              "SELECT r.actor_id, u.display_name, r.action, r.comment, "
                              "DATE_FORMAT(r.created_at, '%Y-%m-%d %H:%i:%s') AS at "
                              "FROM course_reviews r JOIN users u ON u.id = r.actor_id "
                              "WHERE r.course_id = ? ORDER BY r.id");
    q->setUInt64(1, course_id);
    storage::rows r(q->executeQuery());
    std::vector<review_entry> out;
    while (r->next())
      out.push_back({r->getUInt64("actor_id"), storage::text(r, "display_name"), storage::text(r, "action"),
                     storage::text(r, "comment"), storage::text(r, "at")});
    return out;
  });
}

std::string review_service::returned_comment(std::uint64_t course_id) {
  auto all = history(course_id);
  if (all.empty() || all.back().action != "returned") return {};
  return all.back().comment;
}

}  // namespace lifelong::services
