#include "review_service.hpp"

#include "course_changes.hpp"
#include "error.hpp"
#include "message_posts.hpp"
#include "permissions.hpp"
#include "storage/sql.hpp"

namespace lifelong::services {
namespace {
namespace query {
constexpr const char* log_step =
    "INSERT INTO course_reviews (course_id, actor_id, action, comment) VALUES (?, ?, ?, ?)";
// The course and its pending changes, locked so that two decisions cannot both win.
constexpr const char* lock_changes =
    "SELECT r.status FROM courses c JOIN course_revisions r ON r.course_id = c.id "
    "WHERE c.id = ? AND c.status = 'published' FOR UPDATE";
// Only from the states the step allows (a comma list), so two reviewers cannot both win.
constexpr const char* move_course =
    "UPDATE courses SET status = ?, published_at = IF(? = 'published', UTC_TIMESTAMP(), published_at) "
    "WHERE id = ? AND FIND_IN_SET(status, ?) > 0";
constexpr const char* changes_status = "UPDATE course_revisions SET status = ? WHERE course_id = ?";
constexpr const char* history =
    "SELECT r.actor_id, u.display_name, r.action, r.comment, DATE_FORMAT(r.created_at, '%Y-%m-%d %H:%i:%s') AS at "
    "FROM course_reviews r JOIN users u ON u.id = r.actor_id WHERE r.course_id = ? ORDER BY r.id";
}  // namespace query

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r\n") == std::string::npos;
}

void log_step(sql::Connection& db, std::uint64_t course_id, std::uint64_t actor, const char* action,
              const std::string& comment) {
  storage::change(db, query::log_step, course_id, actor, action, comment);
  message_posts::review_step(db, course_id, action, comment);  // the teacher hears of a decision
  if (std::string(action) == "approved") message_posts::new_course(db, course_id);
}

void check_comment(const std::string& comment) {
  if (comment.size() > 4000) throw invalid("errors.review_comment_too_long", "comment");
}
}  // namespace

std::string review_service::status_of(std::uint64_t course_id) {
  auto c = courses_.find(course_id);
  if (!c) throw not_found();
  return c->status;
}

void review_service::changes_step(std::uint64_t course_id, std::uint64_t actor, const char* action,
                                  const std::string& comment, const char* refusal_key,
                                  const std::function<void(sql::Connection&, bool submitted)>& act) {
  check_comment(comment);
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      auto found = storage::select(db, query::lock_changes, course_id);
      if (!found->next()) throw conflict(refusal_key);
      act(db, storage::text(found, "status") == "submitted");
      log_step(db, course_id, actor, action, comment);
    });
  });
  courses_.course_changed();
}

void review_service::step(std::uint64_t course_id, const char* allowed_from, const char* to, std::uint64_t actor,
                          const char* action, const std::string& comment, const char* refusal_key,
                          const std::function<void(sql::Connection&)>& also) {
  check_comment(comment);
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      if (storage::change(db, query::move_course, to, to, course_id, allowed_from) == 0) throw conflict(refusal_key);
      if (also) also(db);
      log_step(db, course_id, actor, action, comment);
    });
  });
  courses_.course_changed();
}

void review_service::submit(const actor& who, std::uint64_t course_id) {
  courses_.editable(who, course_id);
  const auto actor = who.user_id;
  courses_.require_complete(course_id);
  if (status_of(course_id) != "published")
    return step(course_id, "draft", "submitted", actor, "submitted", "", "errors.course_not_draft");
  changes_step(course_id, actor, "changes_submitted", "", "errors.course_not_draft",
               [&](sql::Connection& db, bool submitted) {
                 if (submitted) throw conflict("errors.changes_already_submitted");
                 storage::change(db, query::changes_status, "submitted", course_id);
               });
}

void review_service::decide(const actor& who, std::uint64_t course_id, bool approve, const std::string& comment) {
  require_decider(courses_.find(course_id), who);
  const auto actor = who.user_id;
  if (!approve && blank(comment)) throw invalid("errors.review_comment_required", "comment");
  if (approve) courses_.require_complete(course_id);  // a lesson may have been re-uploaded since
  if (status_of(course_id) != "published") {
    const auto publish = [&](sql::Connection& db) { publish_working_copy(db, course_id); };
    return step(course_id, "submitted", approve ? "published" : "draft", actor, approve ? "approved" : "returned",
                comment, "errors.course_not_submitted", approve ? publish : std::function<void(sql::Connection&)>{});
  }
  changes_step(course_id, actor, approve ? "changes_approved" : "changes_returned", comment,
               "errors.course_not_submitted", [&](sql::Connection& db, bool submitted) {
                 if (!submitted) throw conflict("errors.course_not_submitted");
                 if (approve) return publish_working_copy(db, course_id);
                 storage::change(db, query::changes_status, "editing", course_id);
               });
}

void review_service::recall(const actor& who, std::uint64_t course_id) {
  courses_.editable(who, course_id);
  const auto actor = who.user_id;
  if (status_of(course_id) != "published")
    return step(course_id, "submitted", "draft", actor, "recalled", "", "errors.nothing_to_recall");
  changes_step(course_id, actor, "changes_recalled", "", "errors.nothing_to_recall",
               [&](sql::Connection& db, bool submitted) {
                 if (!submitted) throw conflict("errors.nothing_to_recall");
                 storage::change(db, query::changes_status, "editing", course_id);
               });
}

void review_service::discard_changes(const actor& who, std::uint64_t course_id) {
  courses_.editable(who, course_id);
  const auto actor = who.user_id;
  changes_step(course_id, actor, "changes_discarded", "", "errors.course_no_changes",
               [&](sql::Connection& db, bool) { services::discard_changes(db, course_id); });
}

// A course its teacher takes off the catalog keeps their pending edits as its own details:
// a draft's edits apply directly anyway.
void review_service::withdraw(const actor& who, std::uint64_t course_id, const std::string& comment) {
  require_taker_off(courses_.find(course_id), who, true);
  const auto actor = who.user_id;
  step(course_id, "published", "draft", actor, "withdrawn", comment, "errors.course_not_published",
       [&](sql::Connection& db) { fold_changes(db, course_id); });
}

// An archived course stays as it was approved: pending details are dropped, never folded
// in (a reviewer may archive a course whose changes they returned).
void review_service::archive(const actor& who, std::uint64_t course_id, const std::string& comment) {
  require_taker_off(courses_.find(course_id), who, false);
  const auto actor = who.user_id;
  step(course_id, "draft,submitted,published", "archived", actor, "archived", comment, "errors.course_archived",
       [&](sql::Connection& db) { drop_pending_details(db, course_id); });
}

std::vector<review_entry> review_service::history(const actor& who, std::uint64_t course_id) {
  require_history_reader(courses_.find(course_id), who);
  return entries(course_id);
}

std::vector<course_row> review_service::queue(const actor& who) {
  require_reviewer(who);
  std::optional<std::uint64_t> area;  // site administrators review everywhere
  if (!who.has_role("site_admin")) {
    const auto held = who.role_units.find("reviewer");
    if (held == who.role_units.end()) return {};  // a reviewer of no unit: nothing to review
    area = held->second;
  }
  std::vector<course_row> out;
  for (auto& c : courses_.awaiting_review(area))
    if (can_review(c, &who)) out.push_back(std::move(c));
  return out;
}

std::vector<review_entry> review_service::entries(std::uint64_t course_id) {
  return db_.with([&](sql::Connection& db) {
    auto r = storage::select(db, query::history, course_id);
    std::vector<review_entry> out;
    while (r->next())
      out.push_back({r->getUInt64("actor_id"), storage::text(r, "display_name"), storage::text(r, "action"),
                     storage::text(r, "comment"), storage::text(r, "at")});
    return out;
  });
}

std::string review_service::returned_comment(std::uint64_t course_id) {
  auto all = entries(course_id);
  if (all.empty() || (all.back().action != "returned" && all.back().action != "changes_returned")) return {};
  return all.back().comment;
}

}  // namespace lifelong::services
