#include "course_rows.hpp"

#include <map>
#include <sstream>

#include "storage/sql.hpp"

namespace lifelong::services {
namespace {

// The lesson whose poster is the cover: of a published course the first whose approved
// version is transcoded (course_changes.hpp), of any other the first ready one.
#define LIFELONG_COVER_LESSON                                                                                \
  "FROM lessons l WHERE l.course_id = c.id AND IF(c.status = 'published', l.published_version > 0 AND "      \
  "(l.status = 'ready' OR l.media_version <> l.published_version), l.status = 'ready') ORDER BY l.position " \
  "LIMIT 1"

constexpr const char* course_columns =
    "SELECT c.id, c.title, c.summary, c.category_code, c.teacher_id, u.display_name AS teacher_name, c.status, "
    // What the catalog shows of a published course is its approved version.
    "c.credits, (SELECT COUNT(*) FROM lessons l WHERE l.course_id = c.id AND (c.status <> 'published' OR "
    "l.published_version > 0)) AS lesson_count, "
    "(SELECT l.id " LIFELONG_COVER_LESSON
    ") AS cover_id, "
    "(SELECT IF(c.status = 'published', l.published_version, l.media_version) " LIFELONG_COVER_LESSON
    ") "
    "AS cover_version, c.org_unit_id AS unit0, o1.parent_id AS unit1, o2.parent_id AS unit2, "
    "o3.parent_id AS unit3, "
    "(SELECT GROUP_CONCAT(a.org_unit_id) FROM course_audience_units a WHERE a.course_id = c.id) AS audience, "
    "(SELECT GROUP_CONCAT(g.group_code ORDER BY lg.sort_order) FROM course_learner_groups g JOIN learner_groups lg "
    "ON lg.code = g.group_code WHERE g.course_id = c.id) AS learner_groups, c.learners, c.rating_count, c.rating_sum, "
    "(SELECT r.status FROM course_revisions r WHERE r.course_id = c.id) AS changes, c.cover_image, "
    "c.draft_cover_image "
    "FROM courses c JOIN users u ON u.id = c.teacher_id LEFT JOIN org_units o1 ON o1.id = c.org_unit_id "
    "LEFT JOIN org_units o2 ON o2.id = o1.parent_id LEFT JOIN org_units o3 ON o3.id = o2.parent_id ";

template <class Rows>  // storage::rows or storage::result
course_row read_course(const Rows& r) {
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
  if (!r->isNull("learner_groups")) {
    std::stringstream list(storage::text(r, "learner_groups"));
    std::string code;
    while (std::getline(list, code, ',')) c.learner_groups.push_back(code);
  }
  c.learners = r->getUInt("learners");
  c.rating_count = r->getUInt("rating_count");
  c.rating_sum = r->getUInt("rating_sum");
  if (!r->isNull("changes")) c.changes = storage::text(r, "changes");
  if (!r->isNull("cover_image")) c.cover_image = storage::text(r, "cover_image");
  if (!r->isNull("draft_cover_image")) c.draft_cover_image = storage::text(r, "draft_cover_image");
  return c;
}

}  // namespace

std::string offered_to_sql(const std::vector<std::uint64_t>& home_path) {
  const auto units = storage::id_list(home_path);
  std::string sql = "(NOT EXISTS (SELECT 1 FROM course_audience_units a WHERE a.course_id = c.id)";
  if (!units.empty())
    sql += " OR EXISTS (SELECT 1 FROM course_audience_units a WHERE a.course_id = c.id AND a.org_unit_id IN (" + units +
           "))";
  return sql + ")";
}

std::vector<course_row> courses_by_id(sql::Connection& db, const std::vector<std::uint64_t>& ids) {
  if (ids.empty()) return {};
  const auto list = storage::id_list(ids);
  std::map<std::uint64_t, course_row> found;
  for (auto& c : courses_where(db, "WHERE c.id IN (" + list + ")")) found.emplace(c.id, std::move(c));
  std::vector<course_row> out;
  for (const auto id : ids)
    if (auto it = found.find(id); it != found.end()) out.push_back(std::move(it->second));
  return out;
}

std::vector<course_row> courses_where(sql::Connection& db, const std::string& where_and_order, std::uint64_t bound_id) {
  auto st = storage::prepare(db, (std::string(course_columns) + where_and_order).c_str());
  if (bound_id) st->setUInt64(1, bound_id);
  storage::rows r(st->executeQuery());
  std::vector<course_row> out;
  while (r->next()) out.push_back(read_course(r));
  return out;
}

}  // namespace lifelong::services
