#include "favourite_service.hpp"

#include "course_rows.hpp"
#include "error.hpp"
#include "permissions.hpp"
#include "storage/sql.hpp"

namespace lifelong::services {
namespace {
// The person's kept courses still open to them (published, offered to their home), as
// the list shows them and the limit counts them. Numbers only in the splice.
std::string open_kept(const actor& who) {
  return "FROM favourites f JOIN courses c ON c.id = f.course_id WHERE f.user_id = ? AND c.status = 'published' AND " +
         offered_to_sql(who.home_path);
}

namespace query {
// The person's row is locked so that two adds at once cannot both pass the limit.
constexpr const char* lock_person = "SELECT id FROM users WHERE id = ? FOR UPDATE";
constexpr const char* has = "SELECT 1 FROM favourites WHERE user_id = ? AND course_id = ?";
constexpr const char* add = "INSERT IGNORE INTO favourites (user_id, course_id) VALUES (?, ?)";
constexpr const char* remove = "DELETE FROM favourites WHERE user_id = ? AND course_id = ?";
}  // namespace query
}  // namespace

bool favourite_service::may_keep(const course_row& course, const actor& who) {
  return course.status == "published" && offered_to(course, &who);
}

void favourite_service::add(const actor& who, std::uint64_t course_id) {
  require_open(courses_.find(course_id), who);
  const auto count = "SELECT COUNT(*) AS n " + open_kept(who);
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      storage::select(db, query::lock_person, who.user_id);
      if (storage::select(db, query::has, who.user_id, course_id)->next()) return;
      auto n = storage::select(db, count.c_str(), who.user_id);
      if (n->next() && n->getInt("n") >= most_per_person) throw conflict("errors.favourites_full");
      storage::change(db, query::add, who.user_id, course_id);
    });
  });
}

void favourite_service::remove(const actor& who, std::uint64_t course_id) {
  db_.with([&](sql::Connection& db) { storage::change(db, query::remove, who.user_id, course_id); });
}

bool favourite_service::has(const actor& who, std::uint64_t course_id) {
  return db_.with([&](sql::Connection& db) { return storage::select(db, query::has, who.user_id, course_id)->next(); });
}

page_of_courses favourite_service::of(const actor& who, int offset, int limit) {
  const auto newest_first = "SELECT f.course_id, COUNT(*) OVER () AS total " + open_kept(who) +
                            " ORDER BY f.created_at DESC, f.course_id DESC LIMIT ? OFFSET ?";
  return db_.with([&](sql::Connection& db) {
    page_of_courses page;
    std::vector<std::uint64_t> ids;
    auto r = storage::select(db, newest_first.c_str(), who.user_id, limit, offset);
    while (r->next()) {
      ids.push_back(r->getUInt64("course_id"));
      page.total = r->getInt("total");
    }
    if (ids.empty() && offset > 0) {  // past the last page: still say how many there are
      auto n = storage::select(db, ("SELECT COUNT(*) AS n " + open_kept(who)).c_str(), who.user_id);
      if (n->next()) page.total = n->getInt("n");
    }
    page.courses = courses_by_id(db, ids);
    return page;
  });
}

}  // namespace lifelong::services
