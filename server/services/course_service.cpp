#include "course_service.hpp"

#include <cppconn/exception.h>

#include <algorithm>
#include <set>

#include "course_catalog.hpp"
#include "course_changes.hpp"
#include "course_rows.hpp"
#include "error.hpp"
#include "permissions.hpp"
#include "search_index.hpp"
#include "storage/sql.hpp"
#include "text_rules.hpp"

namespace lifelong::services {
namespace {

template <class Rows>  // storage::rows or storage::result
lesson_row read_lesson(const Rows& r) {
  lesson_row l;
  l.id = r->getUInt64("id");
  l.course_id = r->getUInt64("course_id");
  l.position = r->getInt("position");
  l.approved_title = storage::text(r, "title");
  l.title = r->isNull("draft_title") ? l.approved_title : storage::text(r, "draft_title");
  l.status = storage::text(r, "status");
  if (!r->isNull("failure_code")) l.failure_code = storage::text(r, "failure_code");
  l.progress_pct = r->getInt("progress_pct");
  l.duration_ms = r->getUInt("duration_ms");
  l.media_version = r->getUInt("media_version");
  l.published_version = r->getUInt("published_version");
  l.published_duration_ms = r->getUInt("published_duration_ms");
  return l;
}

constexpr const char* lesson_columns =
    "SELECT id, course_id, position, title, draft_title, status, failure_code, progress_pct, duration_ms, "
    "media_version, "
    "published_version, published_duration_ms FROM lessons ";

}  // namespace

page_of_courses course_service::catalog(const catalog_filter& filter, int offset, int limit,
                                        const std::vector<std::uint64_t>& home_path) {
  return reads_.with([&](sql::Connection& db) { return find_in_catalog(db, filter, home_path, offset, limit); });
}

std::vector<course_row> course_service::by_teacher(std::uint64_t teacher_id) {
  return db_.with([&](sql::Connection& db) {
    return courses_where(db, "WHERE c.teacher_id = ? ORDER BY c.updated_at DESC", teacher_id);
  });
}

std::vector<course_row> course_service::awaiting_review(std::optional<std::uint64_t> within) {
  return db_.with([&](sql::Connection& db) {
    // New courses, and published ones whose changes are submitted.
    const std::string waiting =
        "WHERE (c.status = 'submitted' OR EXISTS (SELECT 1 FROM course_revisions r WHERE r.course_id = c.id AND "
        "r.status = 'submitted' AND c.status = 'published')) ";
    // Oldest first: a published course by when its changes were last touched.
    const std::string oldest_first =
        "ORDER BY COALESCE((SELECT r.updated_at FROM course_revisions r WHERE r.course_id = c.id), c.updated_at), "
        "c.id LIMIT 500";
    if (!within) return courses_where(db, waiting + oldest_first);
    // The course's unit and the units above it (the tree has four levels).
    return courses_where(
        db, waiting + "AND ? IN (c.org_unit_id, o1.parent_id, o2.parent_id, o3.parent_id) " + oldest_first, *within);
  });
}

std::optional<course_row> course_service::find(std::uint64_t id) {
  return db_.with([&](sql::Connection& db) -> std::optional<course_row> {
    auto found = courses_where(db, "WHERE c.id = ?", id);
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

std::vector<lesson_row> course_service::lessons(std::uint64_t course_id) {
  return db_.with([&](sql::Connection& db) {
    auto st = storage::prepare(db, (std::string(lesson_columns) + "WHERE course_id = ? ORDER BY position").c_str());
    st->setUInt64(1, course_id);
    storage::rows r(st->executeQuery());
    std::vector<lesson_row> out;
    while (r->next()) out.push_back(read_lesson(r));
    return out;
  });
}

std::optional<lesson_row> course_service::lesson(std::uint64_t id) {
  return db_.with([&](sql::Connection& db) -> std::optional<lesson_row> {
    auto st = storage::prepare(db, (std::string(lesson_columns) + "WHERE id = ?").c_str());
    st->setUInt64(1, id);
    storage::rows r(st->executeQuery());
    if (!r->next()) return std::nullopt;
    return read_lesson(r);
  });
}

std::vector<lesson_row> course_service::lessons_seen_by(const course_row& c, const actor* who) {
  std::vector<lesson_row> out;
  for (const auto& l : lessons(c.id))
    if (auto seen = seen_by(l, c, who)) out.push_back(std::move(*seen));
  return out;
}

std::optional<course_fields> course_service::pending_details(std::uint64_t course_id) {
  return db_.with([&](sql::Connection& db) -> std::optional<course_fields> {
    auto changes = read_changes(db, course_id);
    if (!changes) return std::nullopt;
    return changes->fields;
  });
}

void course_service::check(const course_fields& f, sql::Connection& db) {
  if (!fits_text(f.title, 200)) throw invalid("errors.title_invalid", "title");
  if (!is_utf8(f.summary) || f.summary.size() > 20000) throw invalid("errors.summary_too_long", "summary");
  if (!(f.credits >= 0 && f.credits <= 100)) throw invalid("errors.credits_invalid", "credits");
  if (f.category_code.empty()) throw invalid("errors.category_required", "category");  // never a silent default
  if (!storage::select(db, "SELECT 1 FROM categories WHERE code = ?", f.category_code)->next())
    throw invalid("errors.category_unknown", "category");
  if (f.learner_groups.size() > 20) throw invalid("errors.learner_group_unknown", "learner_groups");
  auto group = storage::prepare(db, "SELECT 1 FROM learner_groups WHERE code = ?");
  for (const auto& code : f.learner_groups) {
    group->setString(1, code);
    if (!storage::rows(group->executeQuery())->next()) throw invalid("errors.learner_group_unknown", "learner_groups");
  }
}

std::uint64_t course_service::create(const actor& teacher, const course_fields& f) {
  require_teacher(teacher);
  const auto teacher_id = teacher.user_id;
  return db_.with([&](sql::Connection& db) {
    check(f, db);
    return storage::in_transaction(db, [&] {
      storage::change(db,
                      "INSERT INTO courses (title, summary, category_code, teacher_id, org_unit_id, credits) "
                      "SELECT ?, ?, ?, u.id, COALESCE((SELECT r.org_unit_id FROM user_roles r "
                      "WHERE r.user_id = u.id AND r.role = 'teacher'), u.org_unit_id), ? "
                      "FROM users u WHERE u.id = ?",
                      f.title, f.summary, f.category_code, f.credits, teacher_id);
      const auto id = storage::last_insert_id(db);
      save_learner_groups(db, id, f.learner_groups);
      index_course(db, id);
      return id;
    });
  });
}

void course_service::update(const actor& who, std::uint64_t course_id, const course_fields& f) {
  editable(who, course_id);
  db_.with([&](sql::Connection& db) {
    check(f, db);
    storage::in_transaction(db, [&] {
      auto found = storage::select(db, "SELECT status FROM courses WHERE id = ? FOR UPDATE", course_id);
      if (!found->next()) throw not_found();
      if (storage::text(found, "status") == "published") return hold_details(db, course_id, f);
      auto st = storage::prepare(
          db, "UPDATE courses SET title = ?, summary = ?, category_code = ?, credits = ? WHERE id = ?");
      st->setString(1, f.title);
      st->setString(2, f.summary);
      st->setString(3, f.category_code);
      st->setDouble(4, f.credits);
      st->setUInt64(5, course_id);
      st->execute();
      save_learner_groups(db, course_id, f.learner_groups);
      index_course(db, course_id);
    });
  });
  course_changed();
}

std::uint64_t course_service::add_lesson(const actor& who, std::uint64_t course_id, const std::string& title) {
  editable(who, course_id);
  if (!fits_text(title, 200)) throw invalid("errors.title_invalid", "title");
  const auto lesson_id = db_.with([&](sql::Connection& db) {
    return storage::in_transaction(db, [&] {
      // Lock the course row so two lessons added at once get distinct positions.
      if (!storage::select(db, "SELECT id FROM courses WHERE id = ? FOR UPDATE", course_id)->next()) throw not_found();
      note_change(db, course_id);  // learners of a published course see it once approved
      storage::change(db,
                      "INSERT INTO lessons (course_id, position, title) "
                      "SELECT ?, COALESCE(MAX(position), 0) + 1, ? FROM lessons WHERE course_id = ?",
                      course_id, title, course_id);
      const auto id = storage::last_insert_id(db);
      index_course(db, course_id);  // lesson titles are searched too
      return id;
    });
  });
  course_changed();  // the lesson count shows on catalog cards
  return lesson_id;
}

void course_service::require_complete(std::uint64_t course_id) {
  auto all = lessons(course_id);
  if (all.empty()) throw conflict("errors.course_has_no_lessons");
  for (const auto& l : all)
    if (l.status != "ready") throw conflict("errors.lessons_not_ready");
}

namespace {
// Its teacher and reviewers see the new cover waiting for review.
course_row with_working_cover(course_row c, const actor* who) {
  if (!c.draft_cover_image.empty() && sees_working_copy(c, who)) c.cover_image = c.draft_cover_image;
  return c;
}
}  // namespace

course_row course_service::visible(std::uint64_t id, const actor* who) {
  return with_working_cover(require_visible(find(id), who), who);
}

std::pair<course_row, std::vector<lesson_row>> course_service::visible_with_lessons(std::uint64_t id,
                                                                                    const actor* who) {
  const auto stamp = course_version_.current();  // before the reads (stamped_cache::put)
  auto held = published_.get(id, stamp);
  if (!held) {
    auto course = find(id);
    if (!course || course->status != "published") {
      auto c = require_visible(course, who);
      return {c, lessons_seen_by(c, who)};
    }
    held = published_.put(id, stamp, {*course, lessons(id)});
  }
  if (can_edit(held->course, who) || can_review(held->course, who)) {  // they see the working copy as it is now
    auto c = visible(id, who);
    return {c, lessons_seen_by(c, who)};
  }
  auto c = require_visible(held->course, who);
  std::vector<lesson_row> seen;
  for (const auto& l : held->lessons)
    if (auto s = seen_by(l, c, who)) seen.push_back(std::move(*s));
  return {std::move(c), std::move(seen)};
}

course_row course_service::editable(const actor& who, std::uint64_t id) {
  return with_working_cover(require_editor(find(id), who), &who);
}

lesson_row course_service::editable_lesson(const actor& who, std::uint64_t lesson_id) {
  auto l = lesson(lesson_id);
  if (!l) throw not_found();
  editable(who, l->course_id);
  return *l;
}

std::pair<lesson_row, course_row> course_service::visible_lesson(std::uint64_t lesson_id, const actor* who) {
  auto l = lesson(lesson_id);
  if (!l) throw not_found();
  auto c = find(l->course_id);
  return {require_visible_lesson(l, c, who), *c};
}

bool offered_to(const course_row& c, const actor* who) {
  if (c.audience.empty()) return true;
  if (!who) return false;
  for (const auto unit : who->home_path)
    if (std::find(c.audience.begin(), c.audience.end(), unit) != c.audience.end()) return true;
  return false;
}

bool can_view(const course_row& c, const actor* who) {
  return (c.status == "published" && offered_to(c, who)) || can_edit(c, who) || can_review(c, who);
}

void course_service::set_audience(const actor& who, std::uint64_t course_id, const std::vector<std::uint64_t>& units) {
  editable(who, course_id);
  if (units.size() > max_audience_units) throw invalid("errors.audience_too_many", "unit_ids");
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      storage::change(db, "DELETE FROM course_audience_units WHERE course_id = ?", course_id);
      auto add = storage::prepare(db, "INSERT INTO course_audience_units (course_id, org_unit_id) VALUES (?, ?)");
      for (const auto unit : std::set<std::uint64_t>(units.begin(), units.end())) {
        add->setUInt64(1, course_id);
        add->setUInt64(2, unit);
        try {
          add->execute();
        } catch (const sql::SQLException& e) {
          if (storage::is_missing_reference(e)) throw invalid("errors.unit_unknown", "unit_ids");  // no such unit
          throw;
        }
      }
    });
  });
  course_changed();
}

bool sees_working_copy(const course_row& c, const actor* who) {
  return c.status != "published" || can_edit(c, who) || can_review(c, who);
}

std::optional<lesson_row> seen_by(const lesson_row& l, const course_row& c, const actor* who) {
  if (sees_working_copy(c, who)) return l;
  if (l.published_version == 0) return std::nullopt;
  lesson_row approved = l;
  approved.title = l.approved_title;
  if (l.published_version == l.media_version) return approved;  // the approved upload, maybe still transcoding
  approved.media_version = l.published_version;
  approved.duration_ms = l.published_duration_ms;
  approved.status = "ready";
  approved.failure_code.clear();
  approved.progress_pct = 100;
  return approved;
}

bool can_review(const course_row& c, const actor* who) {
  return who && who->acts_in("reviewer", c.unit_path);
}

bool can_edit(const course_row& c, const actor* who) {
  return who && !who->via_card && (who->user_id == c.teacher_id || who->has_role("site_admin"));
}

}  // namespace lifelong::services
