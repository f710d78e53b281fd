#include "course_catalog.hpp"

#include "course_rows.hpp"
#include "storage/sql.hpp"

namespace lifelong::services {
namespace {

// How far the course's providing unit is from the viewer's home: 0 their community,
// 1 their street, 2 their district, 3 elsewhere. Numbers only: safe to splice.
std::string distance_sql(const std::vector<std::uint64_t>& home_path) {
  if (home_path.size() < 3) return "3";
  const std::string path = "(c.org_unit_id, o1.parent_id, o2.parent_id, o3.parent_id)";
  return "CASE WHEN c.org_unit_id = " + std::to_string(home_path[0]) + " THEN 0 WHEN " + std::to_string(home_path[1]) +
         " IN " + path + " THEN 1 WHEN " + std::to_string(home_path[2]) + " IN " + path + " THEN 2 ELSE 3 END";
}

std::string order_sql(catalog_order order, const std::vector<std::uint64_t>& home_path) {
  const std::string newest = "c.published_at DESC, c.id DESC";
  switch (order) {
    case catalog_order::most_watched:
      return "c.learners DESC, " + newest;
    case catalog_order::best_rated:
      // The average as if five more people had given 3.5 stars: one 5-star rating does not
      // outrank a hundred of 4.8, and unrated courses sit in the middle.
      return "(c.rating_sum + 17.5) / (c.rating_count + 5) DESC, c.rating_count DESC, " + newest;
    case catalog_order::near_home:
      return distance_sql(home_path) + ", " + newest;
    case catalog_order::best_match:
      return "s.score DESC, " + newest;
    case catalog_order::newest:
      break;
  }
  return newest;
}

}  // namespace

page_of_courses find_in_catalog(sql::Connection& db, const catalog_filter& f,
                                const std::vector<std::uint64_t>& home_path, int offset, int limit) {
  page_of_courses page;
  const bool by_terms = !f.terms.empty();
  if (f.searching && !by_terms && f.categories.empty()) return page;
  auto marks = [](std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
    return out;
  };
  // Every term of the query, else every character of it: the first rank far above.
  std::vector<std::string> asked = f.terms;
  asked.insert(asked.end(), f.characters.begin(), f.characters.end());
  std::string from = "FROM courses c ";
  if (by_terms) {
    const auto all_terms = "SUM(term IN (" + marks(f.terms.size()) + ")) = " + std::to_string(f.terms.size());
    std::string having = all_terms;
    if (!f.characters.empty())
      having += " OR SUM(term IN (" + marks(f.characters.size()) + ")) = " + std::to_string(f.characters.size());
    from += std::string(f.categories.empty() ? "JOIN " : "LEFT JOIN ") + "(SELECT course_id, SUM(weight) + IF(" +
            all_terms + ", 1000000, 0) AS score FROM course_terms WHERE term IN (" + marks(asked.size()) +
            ") GROUP BY course_id HAVING " + having + ") s ON s.course_id = c.id ";
  }
  // The providing unit's parents matter only to the unit filter and the near-home order.
  if (f.unit_id || f.order == catalog_order::near_home)
    from +=
        "LEFT JOIN org_units o1 ON o1.id = c.org_unit_id LEFT JOIN org_units o2 ON o2.id = o1.parent_id "
        "LEFT JOIN org_units o3 ON o3.id = o2.parent_id ";
  from += "WHERE c.status = 'published' AND " + offered_to_sql(home_path);
  if (!f.category.empty()) from += " AND c.category_code = ?";
  if (!f.learner_group.empty())
    from += " AND EXISTS (SELECT 1 FROM course_learner_groups g WHERE g.course_id = c.id AND g.group_code = ?)";
  if (f.unit_id) from += " AND ? IN (c.org_unit_id, o1.parent_id, o2.parent_id, o3.parent_id)";
  if (!f.categories.empty())
    from += std::string(" AND (") + (by_terms ? "s.course_id IS NOT NULL OR " : "") + "c.category_code IN (" +
            marks(f.categories.size()) + "))";

  auto bind = [&](sql::PreparedStatement& st) {
    int i = 1;
    if (by_terms) {  // in the order the derived table asks: score, WHERE, HAVING
      for (const auto& t : f.terms) st.setString(i++, t);
      for (const auto& t : asked) st.setString(i++, t);
      for (const auto& t : f.terms) st.setString(i++, t);
      for (const auto& t : f.characters) st.setString(i++, t);
    }
    if (!f.category.empty()) st.setString(i++, f.category);
    if (!f.learner_group.empty()) st.setString(i++, f.learner_group);
    if (f.unit_id) st.setUInt64(i++, f.unit_id);
    for (const auto& code : f.categories) st.setString(i++, code);
    return i;
  };
  // MariaDB would otherwise turn the grouped search table into a LATERAL DERIVED one,
  // grouping the terms again for every published course: 0.6 s instead of 20 ms on
  // 10,000 courses (see docs/gotchas.md).
  const std::string no_lateral = !by_terms ? "" : "SET STATEMENT optimizer_switch='split_materialized=off' FOR ";
  // The page and the total in one pass (the window counts every match before LIMIT).
  auto ids = storage::prepare(
      db, (no_lateral + "SELECT c.id, COUNT(*) OVER () AS total " + from + " ORDER BY " +
           order_sql(by_terms || f.order != catalog_order::best_match ? f.order : catalog_order::newest, home_path) +
           " LIMIT ? OFFSET ?")
              .c_str());
  int next = bind(*ids);
  ids->setInt(next++, limit);
  ids->setInt(next, offset);
  std::vector<std::uint64_t> found;
  storage::rows r(ids->executeQuery());
  while (r->next()) {
    found.push_back(r->getUInt64(1));
    page.total = r->getInt(2);
  }
  if (found.empty() && offset > 0) {  // past the last page: the total still counts
    auto count = storage::prepare(db, (no_lateral + "SELECT COUNT(*) " + from).c_str());
    bind(*count);
    storage::rows n(count->executeQuery());
    n->next();
    page.total = n->getInt(1);
  }
  page.courses = courses_by_id(db, found);
  return page;
}

}  // namespace lifelong::services
