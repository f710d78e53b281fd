#include "participation_service.hpp"

#include <map>

#include "permissions.hpp"
#include "storage/sql.hpp"

namespace lifelong::services {
namespace {

// Runs a query and hands each row to `add`.
template <typename Add>
void each_row(sql::Connection& db, const std::string& text, const std::vector<std::string>& params, Add add) {
  auto st = storage::prepare(db, text.c_str());
  for (std::size_t i = 0; i < params.size(); ++i) st->setString(static_cast<int>(i + 1), params[i]);
  storage::rows r(st->executeQuery());
  while (r->next()) add(r);
}

// SQL true for a UTC time column within the period's China days (both given by ?).
std::string in_period(const std::string& column) {
  return column +
         " BETWEEN CAST(? AS DATETIME) - INTERVAL 8 HOUR AND CAST(? AS DATETIME) + INTERVAL 16 HOUR - INTERVAL 1 "
         "SECOND";
}

// The sums every slice shares, as columns 2..6 of a query.
constexpr const char* sums = "SUM(f.starters), SUM(f.enrolments), SUM(f.completions), SUM(f.credits), SUM(f.seconds)";

template <typename Row>
void read_sums(slice_figures& s, Row& r) {
  s.starters += r->getUInt64(2);
  s.enrolments += r->getUInt64(3);
  s.completions += r->getUInt64(4);
  s.credits += r->getDouble(5);
  s.seconds += r->getUInt64(6);
}

}  // namespace

area_figures participation_service::of(const actor& who, std::uint64_t unit, const std::string& from,
                                       const std::string& to) {
  require_administrator(units_.path(unit), who);
  const auto tree = units_.subtree(unit);
  area_figures out;
  if (tree.empty()) return out;
  out.total.unit = tree.front();
  out.total.figures.population = tree.front().population;
  // Which child each unit lies under (a community asked for is its own only child).
  std::map<std::uint64_t, std::uint64_t> child_of;
  for (const auto& u : tree) {
    if (u.id == unit) continue;
    child_of[u.id] = u.parent_id == unit ? u.id : child_of.at(u.parent_id);
    if (u.parent_id == unit) out.children.push_back({u, {u.population}});
  }
  std::map<std::uint64_t, participation*> by_unit{{unit, &out.total.figures}};
  for (auto& c : out.children) by_unit[c.unit.id] = &c.figures;
  std::vector<std::uint64_t> units{unit};
  for (const auto& c : out.children) units.push_back(c.unit.id);
  const std::string in_units = " IN (" + storage::id_list(units) + ")";

  db_.with([&](sql::Connection& db) {
    // Run again on the primary if the replica fails midway: start from nothing each time.
    for (auto& [id, p] : by_unit) *p = participation{p->population};
    // Sums of the unit and each child: their own rows (every event was added to them).
    each_row(db,
             "SELECT unit_id, SUM(registrations), SUM(IF(day >= ?, enrolments, 0)), SUM(IF(day >= ?, completions, 0)), "
             "SUM(IF(day >= ?, credits, 0)), SUM(IF(day >= ?, seconds, 0)) FROM unit_day_figures "
             "WHERE unit_id" +
                 in_units + " AND course_id = 0 AND day <= ? GROUP BY unit_id",
             {from, from, from, from, to}, [&](auto& r) {
               auto& p = *by_unit.at(r->getUInt64(1));
               p.registered = static_cast<std::uint64_t>(std::max<std::int64_t>(0, r->getInt64(2)));
               p.enrolments = r->getUInt64(3);
               p.completions = r->getUInt64(4);
               p.credits = r->getDouble(5);
               p.seconds = r->getUInt64(6);
             });
    // Offline activities: those held by a unit below count for its child as well.
    std::string subtree;
    for (const auto& u : tree) subtree += (subtree.empty() ? "" : ",") + std::to_string(u.id);
    each_row(db,
             "SELECT unit_id, COUNT(*), COALESCE(SUM(participants), 0) FROM offline_activities WHERE unit_id IN (" +
                 subtree +
                 ") AND cancelled_at IS NULL AND starts_at BETWEEN CAST(? AS DATETIME) - INTERVAL 8 HOUR AND CAST(? AS "
                 "DATETIME) + "
                 "INTERVAL 16 HOUR - INTERVAL 1 SECOND GROUP BY unit_id",
             {from, to}, [&](auto& r) {
               const auto held_by = r->getUInt64(1);
               for (auto* p : {&out.total.figures, held_by == unit ? nullptr : by_unit.at(child_of.at(held_by))}) {
                 if (!p) continue;
                 p->activities += r->getUInt64(2);
                 p->attendance += r->getUInt64(3);
               }
             });
    // Satisfaction: each person's rating last given in the period, under the community
    // they lived in when they gave it; a unit below counts for its child as well.
    each_row(db,
             "SELECT home_unit_id, COUNT(*), SUM(stars), SUM(stars >= 4) FROM course_ratings WHERE home_unit_id IN (" +
                 subtree + ") AND " + in_period("updated_at") + " GROUP BY home_unit_id",
             {from, to}, [&](auto& r) {
               const auto lived = r->getUInt64(1);
               for (auto* p : {&out.total.figures, lived == unit ? nullptr : by_unit.at(child_of.at(lived))}) {
                 if (!p) continue;
                 p->ratings += r->getUInt64(2);
                 p->rating_stars += r->getUInt64(3);
                 p->satisfied += r->getUInt64(4);
               }
             });
    // Active learners from the people counted on their first day in the window
    // (014_learners.sql): units add up, so the children's sum is the unit's.
    each_row(db,
             "SELECT unit_id, SUM(IF(day >= ? AND previous_day < ?, people, 0)), "
             "SUM(IF(day > CAST(? AS DATE) - INTERVAL 7 DAY AND previous_day <= CAST(? AS DATE) - INTERVAL 7 DAY, "
             "people, 0)), "
             "SUM(IF(day > CAST(? AS DATE) - INTERVAL 30 DAY AND previous_day <= CAST(? AS DATE) - INTERVAL 30 DAY, "
             "people, 0)) "
             "FROM unit_day_learners WHERE unit_id" +
                 in_units +
                 " AND day BETWEEN LEAST(CAST(? AS DATE), CAST(? AS DATE) - INTERVAL 29 DAY) AND ? GROUP BY unit_id",
             {from, from, to, to, to, to, from, to, to}, [&](auto& r) {
               auto& p = *by_unit.at(r->getUInt64(1));
               p.active = r->getUInt64(2);
               p.active_7d = r->getUInt64(3);
               p.active_30d = r->getUInt64(4);
             });
  });
  return out;
}

area_breakdown participation_service::breakdown(const actor& who, std::uint64_t unit, const std::string& from,
                                                const std::string& to, const std::string& by) {
  require_administrator(units_.path(unit), who);
  area_breakdown out;
  out.trend_by = by == "month" ? "month" : "week";
  const std::string bucket =
      out.trend_by == "month" ? "DATE_FORMAT(day, '%Y-%m-01')" : "day - INTERVAL WEEKDAY(day) DAY";
  const std::string u = std::to_string(unit);
  std::string area;  // the unit and every unit below it
  for (const auto& t : units_.subtree(unit)) area += (area.empty() ? "" : ",") + std::to_string(t.id);

  db_.with([&](sql::Connection& db) {
    // Run again on the primary if the replica fails midway: start from nothing each time.
    out.trend.clear();
    out.categories.clear();
    out.groups.clear();
    out.top_courses.clear();
    // Every week or month of the period, in order, the empty ones too.
    each_row(db,
             "WITH RECURSIVE b (start) AS (SELECT " + bucket +
                 " FROM (SELECT CAST(? AS DATE) AS day) d "
                 "UNION ALL SELECT start + INTERVAL 1 " +
                 (out.trend_by == "month" ? "MONTH" : "WEEK") + " FROM b WHERE start + INTERVAL 1 " +
                 (out.trend_by == "month" ? "MONTH" : "WEEK") + " <= ?) SELECT DATE_FORMAT(start, '%Y-%m-%d') FROM b",
             {from, to}, [&](auto& r) { out.trend.push_back({storage::text(r, 1)}); });
    std::map<std::string, slice_figures*> at;
    for (auto& t : out.trend) at[t.key] = &t;
    each_row(db,
             "SELECT DATE_FORMAT(" + bucket + ", '%Y-%m-%d'), " + sums +
                 " FROM unit_day_figures f "
                 "WHERE unit_id = " +
                 u + " AND course_id = 0 AND day BETWEEN ? AND ? GROUP BY 1",
             {from, to}, [&](auto& r) {
               if (auto it = at.find(storage::text(r, 1)); it != at.end()) read_sums(*it->second, r);
             });
    // People once per week or month: on their first day in it (the first one cut at `from`).
    each_row(db,
             "SELECT DATE_FORMAT(" + bucket + ", '%Y-%m-%d'), SUM(IF(previous_day < GREATEST(" + bucket +
                 ", CAST(? AS DATE)), people, 0)) FROM unit_day_learners WHERE unit_id = " + u +
                 " AND day BETWEEN ? AND ? GROUP BY 1",
             {from, from, to}, [&](auto& r) {
               if (auto it = at.find(storage::text(r, 1)); it != at.end()) it->second->active = r->getUInt64(2);
             });

    // Satisfaction per week or month: ratings last given in it by people of the area.
    if (!area.empty())
      each_row(
          db,
          "SELECT DATE_FORMAT(" + bucket +
              ", '%Y-%m-%d'), COUNT(*), SUM(stars >= 4), SUM(stars) FROM "
              "(SELECT DATE(updated_at + INTERVAL 8 HOUR) AS day, stars FROM course_ratings WHERE home_unit_id IN (" +
              area + ") AND " + in_period("updated_at") + ") rated GROUP BY 1",
          {from, to}, [&](auto& r) {
            if (auto it = at.find(storage::text(r, 1)); it != at.end()) {
              it->second->ratings = r->getUInt64(2);
              it->second->satisfied = r->getUInt64(3);
              it->second->rating_stars = r->getUInt64(4);
            }
          });

    // The period's sums per course, read once (the slow part on a big city: one row per
    // course and day), then split three ways.
    auto once = [&](const char* text) { std::unique_ptr<sql::Statement>(db.createStatement())->execute(text); };
    once("DROP TEMPORARY TABLE IF EXISTS period_courses");
    auto per_course = storage::prepare(
        db, ("CREATE TEMPORARY TABLE period_courses ENGINE=MEMORY AS SELECT course_id, SUM(starters) AS starters, "
             "SUM(enrolments) AS enrolments, SUM(completions) AS completions, SUM(credits) AS credits, SUM(seconds) AS "
             "seconds FROM unit_day_figures WHERE unit_id = " +
             u +
             " AND course_id <> 0 AND day BETWEEN ? AND ? "
             "GROUP BY course_id")
                .c_str());
    per_course->setString(1, from);
    per_course->setString(2, to);
    per_course->execute();
    each_row(db,
             "SELECT c.category_code, " + std::string(sums) +
                 " FROM period_courses f "
                 "JOIN courses c ON c.id = f.course_id "
                 "GROUP BY c.category_code ORDER BY SUM(f.seconds) DESC, SUM(f.starters) DESC, c.category_code",
             {}, [&](auto& r) {
               slice_figures s{storage::text(r, 1)};
               read_sums(s, r);
               out.categories.push_back(std::move(s));
             });
    each_row(db,
             "SELECT g.group_code, " + std::string(sums) +
                 " FROM period_courses f "
                 "JOIN course_learner_groups g ON g.course_id = f.course_id JOIN learner_groups lg ON lg.code = "
                 "g.group_code "
                 "GROUP BY g.group_code ORDER BY MIN(lg.sort_order)",
             {}, [&](auto& r) {
               slice_figures s{storage::text(r, 1)};
               read_sums(s, r);
               out.groups.push_back(std::move(s));
             });
    each_row(db,
             "SELECT f.course_id, " + std::string(sums) +
                 ", MAX(c.title), MAX(c.category_code) "
                 "FROM period_courses f JOIN courses c ON c.id = f.course_id "
                 "GROUP BY f.course_id ORDER BY SUM(f.seconds) DESC, SUM(f.starters) DESC, f.course_id LIMIT 10",
             {}, [&](auto& r) {
               slice_figures s{std::to_string(r->getUInt64(1)), storage::text(r, 7), storage::text(r, 8)};
               read_sums(s, r);
               out.top_courses.push_back(std::move(s));
             });
    once("DROP TEMPORARY TABLE period_courses");
  });
  return out;
}

}  // namespace lifelong::services
