#include "participation_service.hpp"

#include <map>

#include "storage/sql.hpp"

namespace lifelong::services {
namespace {

// The period's bounds as UTC times for columns kept in UTC: China's day starts at 16:00 UTC.
constexpr const char* period_utc =
    "BETWEEN CAST(? AS DATETIME) - INTERVAL 8 HOUR AND CAST(? AS DATETIME) + INTERVAL 16 HOUR - INTERVAL 1 SECOND";

// Runs a query grouped by community and adds each row into its child's figures.
template <typename Add>
void per_community(sql::Connection& db, const std::string& text, const std::vector<std::string>& params,
                   const std::map<std::uint64_t, participation*>& into, Add add) {
  auto st = storage::prepare(db, text.c_str());
  for (std::size_t i = 0; i < params.size(); ++i) st->setString(static_cast<int>(i + 1), params[i]);
  storage::rows r(st->executeQuery());
  while (r->next())
    if (auto it = into.find(r->getUInt64(1)); it != into.end()) add(*it->second, r);
}

}  // namespace

area_figures participation_service::of(std::uint64_t unit, const std::string& from, const std::string& to) {
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
  std::map<std::uint64_t, participation*> by_child;
  for (auto& c : out.children) by_child[c.unit.id] = &c.figures;
  std::map<std::uint64_t, participation*> by_community;
  std::string communities;
  for (const auto& u : tree) {
    if (u.level != "community") continue;
    by_community[u.id] = u.id == unit ? &out.total.figures : by_child.at(child_of.at(u.id));
    communities += (communities.empty() ? "" : ",") + std::to_string(u.id);
  }
  if (communities.empty()) return out;
  const std::string in = " IN (" + communities + ")";

  db_.with([&](sql::Connection& db) {
    per_community(db,
                  "SELECT org_unit_id, COUNT(*) FROM users WHERE org_unit_id" + in +
                      " AND created_at < CAST(? AS DATETIME) + INTERVAL 16 HOUR GROUP BY org_unit_id",
                  {to}, by_community, [](participation& p, auto& r) { p.registered += r->getUInt64(2); });
    per_community(
        db,
        "SELECT community_id, COUNT(DISTINCT IF(day BETWEEN ? AND ?, user_id, NULL)), "
        "COUNT(DISTINCT IF(day > CAST(? AS DATE) - INTERVAL 7 DAY, user_id, NULL)), "
        "COUNT(DISTINCT IF(day > CAST(? AS DATE) - INTERVAL 30 DAY, user_id, NULL)), "
        "COALESCE(SUM(IF(day BETWEEN ? AND ?, seconds, 0)), 0) FROM learning_days WHERE community_id" + in +
            " AND day BETWEEN LEAST(CAST(? AS DATE), CAST(? AS DATE) - INTERVAL 29 DAY) AND ? GROUP BY community_id",
        {from, to, to, to, from, to, from, to, to}, by_community, [](participation& p, auto& r) {
          p.active += r->getUInt64(2);
          p.active_7d += r->getUInt64(3);
          p.active_30d += r->getUInt64(4);
          p.seconds += r->getUInt64(5);
        });
    per_community(db,
                  std::string("SELECT u.org_unit_id, COUNT(*) FROM enrolments e JOIN users u ON u.id = e.user_id "
                              "WHERE u.org_unit_id") +
                      in + " AND e.enrolled_at " + period_utc + " GROUP BY u.org_unit_id",
                  {from, to}, by_community, [](participation& p, auto& r) { p.enrolments += r->getUInt64(2); });
    per_community(db,
                  std::string("SELECT u.org_unit_id, COUNT(*), SUM(c.credits) FROM course_completions c "
                              "JOIN users u ON u.id = c.user_id WHERE u.org_unit_id") +
                      in + " AND c.completed_at " + period_utc + " GROUP BY u.org_unit_id",
                  {from, to}, by_community, [](participation& p, auto& r) {
                    p.completions += r->getUInt64(2);
                    p.credits += r->getDouble(3);
                  });
  });
  // The area is the sum of its children (or, for a community, what was counted for it).
  for (const auto& c : out.children) {
    auto& t = out.total.figures;
    t.registered += c.figures.registered;
    t.active += c.figures.active;
    t.active_7d += c.figures.active_7d;
    t.active_30d += c.figures.active_30d;
    t.enrolments += c.figures.enrolments;
    t.completions += c.figures.completions;
    t.credits += c.figures.credits;
    t.seconds += c.figures.seconds;
  }
  return out;
}

}  // namespace lifelong::services
