#include "course_service.hpp"

#include <cppconn/exception.h>

#include <algorithm>
#include <set>
#include <sstream>

#include <map>

#include "http/errors.hpp"
#include "search_index.hpp"
#include "search_terms.hpp"
#include "storage/sql.hpp"

namespace lifelong::services {
namespace {

constexpr const char* course_columns =
    "SELECT c.id, c.title, c.summary, c.category_code, c.teacher_id, u.display_name AS teacher_name, c.status, "
    "c.credits, (SELECT COUNT(*) FROM lessons l WHERE l.course_id = c.id) AS lesson_count, "
    "(SELECT l.id FROM lessons l WHERE l.course_id = c.id AND l.status = 'ready' ORDER BY l.position LIMIT 1) AS "
    "cover_id, "
    "(SELECT l.media_version FROM lessons l WHERE l.course_id = c.id AND l.status = 'ready' ORDER BY l.position LIMIT "
    "1) AS cover_version, c.org_unit_id AS unit0, o1.parent_id AS unit1, o2.parent_id AS unit2, "
    "o3.parent_id AS unit3, "
    "(SELECT GROUP_CONCAT(a.org_unit_id) FROM course_audience_units a WHERE a.course_id = c.id) AS audience "
    "FROM courses c JOIN users u ON u.id = c.teacher_id LEFT JOIN org_units o1 ON o1.id = c.org_unit_id "
    "LEFT JOIN org_units o2 ON o2.id = o1.parent_id LEFT JOIN org_units o3 ON o3.id = o2.parent_id ";

course_row read_course(const storage::rows& r) {
  course_row c;
  c.id = r->getUInt64("id");
  c.title = storage::text(r, "title");
  c.summary = storage::text(r, "summary");
  c.category_code = storage::text(r, "category_code");
  c.teacher_id = r->getUInt64("teacher_id");
  c.teacher_name = storage::text(r, "teacher_name");
  c.status = storage::text(r, "status");
  c.credits = r->getDouble("credits");
  c.lesson_count = r->getInt("lesson_count");
  if (!r->isNull("cover_id")) {
    c.cover_lesson_id = r->getUInt64("cover_id");
    c.cover_version = r->getUInt("cover_version");
  }
  for (const char* column : {"unit0", "unit1", "unit2", "unit3"}) {
    if (r->isNull(column)) break;
    c.unit_path.push_back(r->getUInt64(column));
  }
  if (!r->isNull("audience")) {
    std::stringstream list(storage::text(r, "audience"));
    std::string unit;
    while (std::getline(list, unit, ',')) c.audience.push_back(std::stoull(unit));
  }
  return c;
}

// Courses offered to the whole city, or to a unit on the viewer's home path.
std::string offered_to(const std::vector<std::uint64_t>& home_path) {
  std::string units;  // numbers only, so safe to write into the query
  for (const auto u : home_path) units += (units.empty() ? "" : ",") + std::to_string(u);
  std::string sql = "(NOT EXISTS (SELECT 1 FROM course_audience_units a WHERE a.course_id = c.id)";
  if (!units.empty())
    sql += " OR EXISTS (SELECT 1 FROM course_audience_units a WHERE a.course_id = c.id AND a.org_unit_id IN (" +
           units + "))";
  return sql + ")";
}

lesson_row read_lesson(const storage::rows& r) {
  lesson_row l;
  l.id = r->getUInt64("id");
  l.course_id = r->getUInt64("course_id");
  l.position = r->getInt("position");
  l.title = storage::text(r, "title");
  l.status = storage::text(r, "status");
  if (!r->isNull("failure_code")) l.failure_code = storage::text(r, "failure_code");
  l.progress_pct = r->getInt("progress_pct");
  l.duration_ms = r->getUInt("duration_ms");
  l.media_version = r->getUInt("media_version");
  return l;
}

constexpr const char* lesson_columns =
    "SELECT id, course_id, position, title, status, failure_code, progress_pct, duration_ms, media_version FROM "
    "lessons ";

}  // namespace

page_of_courses course_service::published(int offset, int limit, const std::vector<std::uint64_t>& home_path) {
  const auto audience = offered_to(home_path);
  return db_.with([&](sql::Connection& db) {
    page_of_courses page;
    auto st = storage::prepare(db, (std::string(course_columns) + "WHERE c.status = 'published' AND " + audience +
                                    " ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?")
                                       .c_str());
    st->setInt(1, limit);
    st->setInt(2, offset);
    storage::rows r(st->executeQuery());
    while (r->next()) page.courses.push_back(read_course(r));
    storage::rows count(
        storage::prepare(db, ("SELECT COUNT(*) FROM courses c WHERE c.status = 'published' AND " + audience).c_str())
            ->executeQuery());
    count->next();
    page.total = count->getInt(1);
    return page;
  });
}

page_of_courses course_service::search(const std::string& query, int offset, int limit,
                                       const std::vector<std::uint64_t>& home_path) {
  const auto terms = query_terms(query);
  const auto audience = offered_to(home_path);
  return db_.with([&](sql::Connection& db) {
    page_of_courses page;
    const auto hits = search_courses(db, terms, audience, offset, limit);
    page.total = hits.total;
    if (hits.course_ids.empty()) return page;
    std::string ids;  // numbers only
    for (const auto id : hits.course_ids) ids += (ids.empty() ? "" : ",") + std::to_string(id);
    storage::rows r(storage::prepare(db, (std::string(course_columns) + "WHERE c.id IN (" + ids + ")").c_str())
                        ->executeQuery());
    std::map<std::uint64_t, course_row> found;
    while (r->next()) {
      auto c = read_course(r);
      found.emplace(c.id, std::move(c));
    }
    for (const auto id : hits.course_ids)  // in rank order
      if (auto it = found.find(id); it != found.end()) page.courses.push_back(std::move(it->second));
    return page;
  });
}

std::vector<course_row> course_service::by_teacher(std::uint64_t teacher_id) {
  return db_.with([&](sql::Connection& db) {
    auto st = storage::prepare(
        db, (std::string(course_columns) + "WHERE c.teacher_id = ? ORDER BY c.updated_at DESC").c_str());
    st->setUInt64(1, teacher_id);
    storage::rows r(st->executeQuery());
    std::vector<course_row> out;
    while (r->next()) out.push_back(read_course(r));
    return out;
  });
}

std::vector<course_row> course_service::awaiting_review() {
  return db_.with([&](sql::Connection& db) {
    auto st = storage::prepare(
        db, (std::string(course_columns) + "WHERE c.status = 'submitted' ORDER BY c.updated_at, c.id LIMIT 500").c_str());
    storage::rows r(st->executeQuery());
    std::vector<course_row> out;
    while (r->next()) out.push_back(read_course(r));
    return out;
  });
}

std::optional<course_row> course_service::find(std::uint64_t id) {
  return db_.with([&](sql::Connection& db) -> std::optional<course_row> {
    auto st = storage::prepare(db, (std::string(course_columns) + "WHERE c.id = ?").c_str());
    st->setUInt64(1, id);
    storage::rows r(st->executeQuery());
    if (!r->next()) return std::nullopt;
    return read_course(r);
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

std::vector<category_row> course_service::categories() {
  {
    std::lock_guard lock(categories_mutex_);
    if (!categories_.empty()) return categories_;
  }
  auto loaded = db_.with([&](sql::Connection& db) {
    storage::rows r(storage::prepare(
                        db, "SELECT code, name_zh, name_en, for_older_adults FROM categories ORDER BY sort_order, code")
                        ->executeQuery());
    std::vector<category_row> out;
    while (r->next())
      out.push_back({storage::text(r, "code"), storage::text(r, "name_zh"), storage::text(r, "name_en"),
                     r->getBoolean("for_older_adults")});
    return out;
  });
  std::lock_guard lock(categories_mutex_);
  categories_ = loaded;
  return loaded;
}

std::uint64_t course_service::create(std::uint64_t teacher_id, const std::string& title, const std::string& summary,
                                     const std::string& category_code, double credits) {
  if (title.find_first_not_of(" \t") == std::string::npos || title.size() > 600)
    throw http::bad_request("errors.title_invalid", "title");
  if (summary.size() > 20000) throw http::bad_request("errors.summary_too_long", "summary");
  if (!(credits >= 0 && credits <= 100)) throw http::bad_request("errors.credits_invalid", "credits");
  return db_.with([&](sql::Connection& db) {
    auto check = storage::prepare(db, "SELECT 1 FROM categories WHERE code = ?");
    check->setString(1, category_code);
    if (!storage::rows(check->executeQuery())->next()) throw http::bad_request("errors.category_unknown", "category");
    auto st = storage::prepare(db,
                               "INSERT INTO courses (title, summary, category_code, teacher_id, org_unit_id, credits) "
                               "SELECT ?, ?, ?, u.id, COALESCE((SELECT r.org_unit_id FROM user_roles r "
                               "WHERE r.user_id = u.id AND r.role = 'teacher'), u.org_unit_id), ? "
                               "FROM users u WHERE u.id = ?");
    st->setString(1, title);
    st->setString(2, summary);
    st->setString(3, category_code);
    st->setDouble(4, credits);
    st->setUInt64(5, teacher_id);
    st->execute();
    const auto id = storage::last_insert_id(db);
    index_course(db, id);
    return id;
  });
}

std::uint64_t course_service::add_lesson(std::uint64_t course_id, const std::string& title) {
  if (title.find_first_not_of(" \t") == std::string::npos || title.size() > 600)
    throw http::bad_request("errors.title_invalid", "title");
  return db_.with([&](sql::Connection& db) {
    return storage::in_transaction(db, [&] {
      // Lock the course row so two lessons added at once get distinct positions.
      auto lock = storage::prepare(db, "SELECT id FROM courses WHERE id = ? FOR UPDATE");
      lock->setUInt64(1, course_id);
      if (!storage::rows(lock->executeQuery())->next()) throw http::not_found();
      auto st = storage::prepare(db,
                                 "INSERT INTO lessons (course_id, position, title) "
                                 "SELECT ?, COALESCE(MAX(position), 0) + 1, ? FROM lessons WHERE course_id = ?");
      st->setUInt64(1, course_id);
      st->setString(2, title);
      st->setUInt64(3, course_id);
      st->execute();
      const auto id = storage::last_insert_id(db);
      index_course(db, course_id);  // lesson titles are searched too
      return id;
    });
  });
}

void course_service::require_complete(std::uint64_t course_id) {
  auto all = lessons(course_id);
  if (all.empty()) throw http::conflict("errors.course_has_no_lessons");
  for (const auto& l : all)
    if (l.status != "ready") throw http::conflict("errors.lessons_not_ready");
}

bool offered_to(const course_row& c, const http::session* who) {
  if (c.audience.empty()) return true;
  if (!who) return false;
  for (const auto unit : who->home_path)
    if (std::find(c.audience.begin(), c.audience.end(), unit) != c.audience.end()) return true;
  return false;
}

bool can_view(const course_row& c, const http::session* who) {
  return (c.status == "published" && offered_to(c, who)) || can_edit(c, who) || can_review(c, who);
}

void course_service::set_audience(std::uint64_t course_id, const std::vector<std::uint64_t>& units) {
  if (units.size() > max_audience_units) throw http::bad_request("errors.audience_too_many", "unit_ids");
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      auto clear = storage::prepare(db, "DELETE FROM course_audience_units WHERE course_id = ?");
      clear->setUInt64(1, course_id);
      clear->execute();
      auto add = storage::prepare(db, "INSERT INTO course_audience_units (course_id, org_unit_id) VALUES (?, ?)");
      for (const auto unit : std::set<std::uint64_t>(units.begin(), units.end())) {
        add->setUInt64(1, course_id);
        add->setUInt64(2, unit);
        try {
          add->execute();
        } catch (const sql::SQLException& e) {
          if (e.getErrorCode() == 1452) throw http::bad_request("errors.unit_unknown", "unit_ids");  // no such unit
          throw;
        }
      }
    });
  });
}

bool can_review(const course_row& c, const http::session* who) {
  return who && who->acts_in("reviewer", c.unit_path);
}

bool can_edit(const course_row& c, const http::session* who) {
  return who && !who->via_card && (who->user_id == c.teacher_id || who->has_role("site_admin"));
}

}  // namespace lifelong::services
