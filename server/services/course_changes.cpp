#include "course_changes.hpp"

#include <set>
#include <sstream>

#include "error.hpp"
#include "search_index.hpp"
#include "storage/sql.hpp"

namespace lifelong::services {
namespace {

std::string joined(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : std::set<std::string>(codes.begin(), codes.end())) out += (out.empty() ? "" : ",") + c;
  return out;
}

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  std::string code;
  while (std::getline(in, code, ','))
    if (!code.empty()) out.push_back(code);
  return out;
}

void run(sql::Connection& db, const char* text, std::uint64_t course_id) {
  auto st = storage::prepare(db, text);
  st->setUInt64(1, course_id);
  st->execute();
}

}  // namespace

std::optional<course_changes> read_changes(sql::Connection& db, std::uint64_t course_id) {
  auto r = storage::select(db,
                           "SELECT title, summary, category_code, credits, learner_groups, status "
                           "FROM course_revisions WHERE course_id = ?",
                           course_id);
  if (!r->next()) return std::nullopt;
  course_changes c;
  c.fields = {storage::text(r, "title"), storage::text(r, "summary"), storage::text(r, "category_code"),
              static_cast<double>(r->getDouble("credits")), split(storage::text(r, "learner_groups"))};
  c.submitted = storage::text(r, "status") == "submitted";
  return c;
}

void note_change(sql::Connection& db, std::uint64_t course_id) {
  run(db,
      "INSERT INTO course_revisions (course_id, title, summary, category_code, credits, learner_groups) "
      "SELECT c.id, c.title, c.summary, c.category_code, c.credits, COALESCE((SELECT GROUP_CONCAT(g.group_code) "
      "FROM course_learner_groups g WHERE g.course_id = c.id), '') FROM courses c "
      "WHERE c.id = ? AND c.status = 'published' ON DUPLICATE KEY UPDATE status = 'editing'",
      course_id);
}

void hold_details(sql::Connection& db, std::uint64_t course_id, const course_fields& f) {
  storage::change(db,
                  "INSERT INTO course_revisions (course_id, title, summary, category_code, credits, "
                  "learner_groups) VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
                  "title = VALUES(title), summary = VALUES(summary), category_code = "
                  "VALUES(category_code), credits = VALUES(credits), learner_groups = "
                  "VALUES(learner_groups), status = 'editing'",
                  course_id, f.title, f.summary, f.category_code, f.credits, joined(f.learner_groups));
}

namespace {
// The pending details become the course's own; false when there were none. The caller
// updates the search index once, after everything else it changes.
bool apply_details(sql::Connection& db, std::uint64_t course_id) {
  auto changes = read_changes(db, course_id);
  if (!changes) return false;
  auto st =
      storage::prepare(db, "UPDATE courses SET title = ?, summary = ?, category_code = ?, credits = ? WHERE id = ?");
  st->setString(1, changes->fields.title);
  st->setString(2, changes->fields.summary);
  st->setString(3, changes->fields.category_code);
  st->setDouble(4, changes->fields.credits);
  st->setUInt64(5, course_id);
  st->execute();
  save_learner_groups(db, course_id, changes->fields.learner_groups);
  run(db, "DELETE FROM course_revisions WHERE course_id = ?", course_id);
  return true;
}

// A new cover waiting for review becomes the course's own; false when there was none.
bool apply_cover(sql::Connection& db, std::uint64_t course_id) {
  return storage::change(db,
                         "UPDATE courses SET cover_image = draft_cover_image, draft_cover_image = NULL "
                         "WHERE id = ? AND draft_cover_image IS NOT NULL",
                         course_id) > 0;
}

// Lessons renamed since approval take their new titles; false when none was.
bool apply_lesson_titles(sql::Connection& db, std::uint64_t course_id) {
  return storage::change(db,
                         "UPDATE lessons SET title = draft_title, draft_title = NULL "
                         "WHERE course_id = ? AND draft_title IS NOT NULL",
                         course_id) > 0;
}
}  // namespace

void fold_changes(sql::Connection& db, std::uint64_t course_id) {
  const bool details = apply_details(db, course_id);
  apply_cover(db, course_id);
  if (apply_lesson_titles(db, course_id) || details) index_course(db, course_id);
}

void publish_working_copy(sql::Connection& db, std::uint64_t course_id) {
  // Checked again under lock: an upload between the caller's check and here would
  // otherwise leave a lesson unapproved and hidden.
  auto waiting =
      storage::prepare(db, "SELECT COUNT(*) FROM lessons WHERE course_id = ? AND status <> 'ready' LOCK IN SHARE MODE");
  waiting->setUInt64(1, course_id);
  storage::rows w(waiting->executeQuery());
  if (w->next() && w->getInt(1) > 0) throw conflict("errors.lessons_not_ready");
  apply_details(db, course_id);
  run(db,
      "UPDATE lessons SET published_version = media_version, published_duration_ms = duration_ms "
      "WHERE course_id = ? AND status = 'ready'",
      course_id);
  apply_lesson_titles(db, course_id);
  apply_cover(db, course_id);
  index_course(db, course_id);  // the new details, and lessons added since approval
}

void drop_pending_details(sql::Connection& db, std::uint64_t course_id) {
  run(db, "DELETE FROM course_revisions WHERE course_id = ?", course_id);
  run(db, "UPDATE lessons SET draft_title = NULL WHERE course_id = ?", course_id);
  run(db, "UPDATE courses SET draft_cover_image = NULL WHERE id = ?", course_id);
}

void discard_changes(sql::Connection& db, std::uint64_t course_id) {
  drop_pending_details(db, course_id);
  run(db, "DELETE FROM lessons WHERE course_id = ? AND published_version = 0", course_id);
  // The approved version's folder is still there: versions are never deleted, and
  // versions_made keeps the next upload from reusing the discarded number.
  run(db,
      "UPDATE lessons SET media_version = published_version, duration_ms = published_duration_ms, "
      "status = 'ready', progress_pct = 100, failure_code = NULL "
      "WHERE course_id = ? AND media_version <> published_version",
      course_id);
  index_course(db, course_id);
}

void save_learner_groups(sql::Connection& db, std::uint64_t course_id, const std::vector<std::string>& codes) {
  run(db, "DELETE FROM course_learner_groups WHERE course_id = ?", course_id);
  auto add = storage::prepare(db, "INSERT INTO course_learner_groups (course_id, group_code) VALUES (?, ?)");
  for (const auto& code : std::set<std::string>(codes.begin(), codes.end())) {
    add->setUInt64(1, course_id);
    add->setString(2, code);
    add->execute();
  }
}

}  // namespace lifelong::services
