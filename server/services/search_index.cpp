#include "search_index.hpp"

#include <map>

#include "search_terms.hpp"
#include "storage/sql.hpp"

namespace lifelong::services {
namespace {
// Where a term occurs says how well it describes the course.
constexpr int title_weight = 10, title_single_weight = 4, lesson_weight = 3, summary_weight = 2;
}  // namespace

void index_course(sql::Connection& db, std::uint64_t course_id) {
  std::map<std::string, int> weights;
  auto add = [&](const std::string& text, bool singles, int weight, int single_weight) {
    for (const auto& t : terms_of(text, singles)) weights[t.text] += t.single ? single_weight : weight;
  };
  auto course = storage::prepare(db, "SELECT title, summary FROM courses WHERE id = ?");
  course->setUInt64(1, course_id);
  storage::rows c(course->executeQuery());
  if (!c->next()) return;
  add(storage::text(c, "title"), true, title_weight, title_single_weight);
  add(storage::text(c, "summary"), false, summary_weight, summary_weight);
  auto lessons = storage::prepare(db, "SELECT title FROM lessons WHERE course_id = ?");
  lessons->setUInt64(1, course_id);
  storage::rows l(lessons->executeQuery());
  while (l->next()) add(storage::text(l, "title"), false, lesson_weight, lesson_weight);

  auto clear = storage::prepare(db, "DELETE FROM course_terms WHERE course_id = ?");
  clear->setUInt64(1, course_id);
  clear->execute();
  auto insert = storage::prepare(db, "INSERT INTO course_terms (term, course_id, weight) VALUES (?, ?, ?)");
  for (const auto& [term, weight] : weights) {
    insert->setString(1, term);
    insert->setUInt64(2, course_id);
    insert->setInt(3, std::min(weight, 65535));
    insert->execute();
  }
}

int index_missing(sql::Connection& db) {
  storage::rows r(storage::prepare(db, "SELECT id FROM courses c WHERE NOT EXISTS "
                                       "(SELECT 1 FROM course_terms t WHERE t.course_id = c.id)")
                      ->executeQuery());
  std::vector<std::uint64_t> ids;
  while (r->next()) ids.push_back(r->getUInt64(1));
  for (const auto id : ids) index_course(db, id);
  return static_cast<int>(ids.size());
}

search_page search_courses(sql::Connection& db, const std::vector<std::string>& terms,
                           const std::string& audience_sql, int offset, int limit) {
  search_page page;
  if (terms.empty()) return page;
  std::string marks;
  for (std::size_t i = 0; i < terms.size(); ++i) marks += i ? ", ?" : "?";
  const std::string matching =
      "SELECT t.course_id, SUM(t.weight) AS score, c.created_at FROM course_terms t JOIN courses c ON c.id = t.course_id "
      "WHERE t.term IN (" + marks + ") AND c.status = 'published' AND " + audience_sql +
      " GROUP BY t.course_id, c.created_at HAVING COUNT(*) = " + std::to_string(terms.size());
  auto st = storage::prepare(db, (matching + " ORDER BY score DESC, c.created_at DESC, t.course_id DESC LIMIT ? OFFSET ?")
                                     .c_str());
  int i = 1;
  for (const auto& t : terms) st->setString(i++, t);
  st->setInt(i++, limit);
  st->setInt(i, offset);
  storage::rows r(st->executeQuery());
  while (r->next()) page.course_ids.push_back(r->getUInt64("course_id"));
  auto count = storage::prepare(db, ("SELECT COUNT(*) FROM (" + matching + ") m").c_str());
  i = 1;
  for (const auto& t : terms) count->setString(i++, t);
  storage::rows n(count->executeQuery());
  n->next();
  page.total = n->getInt(1);
  return page;
}

}  // namespace lifelong::services
