// Categories and learner groups: read often, changed rarely, so kept in memory.
#include <cppconn/exception.h>

#include "course_service.hpp"
#include "error.hpp"
#include "permissions.hpp"
#include "storage/sql.hpp"
#include "text_rules.hpp"

namespace lifelong::services {
namespace {
bool is_code(const std::string& s) {
  if (s.empty() || s.size() > 32) return false;
  for (const char ch : s)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  return true;
}

}  // namespace

std::vector<category_row> course_service::categories() {
  const auto stamp = course_version_.current();  // a rename through another server moves it
  {
    std::lock_guard lock(categories_mutex_);
    // Also aged out: a Redis restarted without its data counts from 0 again.
    if (!categories_.empty() && categories_stamp_ == stamp &&
        std::chrono::steady_clock::now() - categories_read_ < std::chrono::seconds(60))
      return categories_;
  }
  auto loaded = db_.with([&](sql::Connection& db) {
    auto r = storage::select(db,
                             "SELECT code, name_zh, name_en, for_older_adults, sort_order FROM categories "
                             "ORDER BY sort_order, code");
    std::vector<category_row> out;
    while (r->next())
      out.push_back({storage::text(r, "code"), storage::text(r, "name_zh"), storage::text(r, "name_en"),
                     r->getBoolean("for_older_adults"), r->getInt("sort_order")});
    return out;
  });
  std::lock_guard lock(categories_mutex_);
  categories_ = loaded;
  categories_stamp_ = stamp;
  categories_read_ = std::chrono::steady_clock::now();
  return loaded;
}

std::vector<learner_group_row> course_service::learner_groups() {
  {
    std::lock_guard lock(categories_mutex_);
    if (!learner_groups_.empty()) return learner_groups_;
  }
  auto loaded = db_.with([&](sql::Connection& db) {
    auto r = storage::select(db, "SELECT code FROM learner_groups ORDER BY sort_order, code");
    std::vector<learner_group_row> out;
    while (r->next()) out.push_back({storage::text(r, "code")});
    return out;
  });
  std::lock_guard lock(categories_mutex_);
  learner_groups_ = loaded;
  return loaded;
}

void course_service::save_category(const actor& who, const category_row& c) {
  require_site_admin(who);
  if (!is_code(c.code)) throw invalid("errors.category_code_invalid", "code");
  if (!fits_text(c.name_zh, 50)) throw invalid("errors.category_name_invalid", "name_zh");
  if (!fits_text(c.name_en, 80)) throw invalid("errors.category_name_invalid", "name_en");
  if (c.sort_order < 0 || c.sort_order > 100000) throw invalid("errors.category_order_invalid", "sort_order");
  db_.with([&](sql::Connection& db) {
    storage::change(db,
                    "INSERT INTO categories (code, name_zh, name_en, for_older_adults, sort_order) "
                    "VALUES (?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE name_zh = VALUES(name_zh), "
                    "name_en = VALUES(name_en), for_older_adults = VALUES(for_older_adults), "
                    "sort_order = VALUES(sort_order)",
                    c.code, c.name_zh, c.name_en, c.for_older_adults, c.sort_order);
  });
  {
    std::lock_guard lock(categories_mutex_);
    categories_.clear();
  }
  course_changed();  // category names show on course pages too
}

void course_service::remove_category(const actor& who, const std::string& code) {
  require_site_admin(who);
  db_.with([&](sql::Connection& db) {
    auto st = storage::prepare(db, "DELETE FROM categories WHERE code = ?");
    st->setString(1, code);
    try {
      if (st->executeUpdate() == 0) throw not_found();
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() == 1451) throw conflict("errors.category_in_use");  // courses refer to it
      throw;
    }
  });
  {
    std::lock_guard lock(categories_mutex_);
    categories_.clear();
  }
  course_changed();  // category names show on course pages too
}

}  // namespace lifelong::services
