#include "search_index.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <string>

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
  // Of a published course, the lessons learners see (not those added since approval).
  auto l = storage::select(db,
                           "SELECT l.title FROM lessons l JOIN courses c ON c.id = l.course_id "
                           "WHERE l.course_id = ? AND (c.status <> 'published' OR l.published_version > 0)",
                           course_id);
  while (l->next()) add(storage::text(l, "title"), false, lesson_weight, lesson_weight);

  storage::change(db, "DELETE FROM course_terms WHERE course_id = ?", course_id);
  // Many rows a statement: a course has a few hundred terms, and one round trip each
  // would make indexing a large catalog take minutes.
  constexpr std::size_t rows_per_insert = 200;
  auto it = weights.begin();
  while (it != weights.end()) {
    const std::size_t n = std::min<std::size_t>(rows_per_insert, std::distance(it, weights.end()));
    std::string sql = "INSERT INTO course_terms (term, course_id, weight) VALUES ";
    for (std::size_t i = 0; i < n; ++i) sql += i ? ", (?, ?, ?)" : "(?, ?, ?)";
    auto insert = storage::prepare(db, sql.c_str());
    for (std::size_t i = 0; i < n; ++i, ++it) {
      insert->setString(3 * i + 1, it->first);
      insert->setUInt64(3 * i + 2, course_id);
      insert->setInt(3 * i + 3, std::min(it->second, 65535));
    }
    insert->execute();
  }
}

int index_missing(sql::Connection& db) {
  auto r = storage::select(db,
                                   "SELECT id FROM courses c WHERE NOT EXISTS "
                                   "(SELECT 1 FROM course_terms t WHERE t.course_id = c.id)");
  std::vector<std::uint64_t> ids;
  while (r->next()) ids.push_back(r->getUInt64(1));
  for (const auto id : ids) index_course(db, id);
  return static_cast<int>(ids.size());
}

}  // namespace lifelong::services
