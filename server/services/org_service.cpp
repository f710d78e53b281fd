#include "org_service.hpp"

#include <cppconn/exception.h>

#include <algorithm>
#include <map>

#include "error.hpp"
#include "permissions.hpp"
#include "storage/sql.hpp"
#include "text_rules.hpp"
#include "unit_csv.hpp"

namespace lifelong::services {

std::vector<std::uint64_t> unit_path_of(sql::Connection& db, std::uint64_t unit_id) {
  auto r = storage::select(db,
                           "SELECT o0.id AS u0, o0.parent_id AS u1, o1.parent_id AS u2, o2.parent_id AS u3 "
                           "FROM org_units o0 LEFT JOIN org_units o1 ON o1.id = o0.parent_id "
                           "LEFT JOIN org_units o2 ON o2.id = o1.parent_id WHERE o0.id = ?",
                           unit_id);
  std::vector<std::uint64_t> path;
  if (!r->next()) return path;
  for (const char* column : {"u0", "u1", "u2", "u3"}) {
    if (r->isNull(column)) break;
    path.push_back(r->getUInt64(column));
  }
  return path;
}

namespace {

constexpr const char* levels[] = {"city", "district", "street", "community"};

template <class Rows>  // storage::rows or storage::result
org_unit read_unit(const Rows& r) {
  org_unit u;
  u.id = r->getUInt64("id");
  if (!r->isNull("parent_id")) u.parent_id = r->getUInt64("parent_id");
  u.level = storage::text(r, "level");
  u.name = storage::text(r, "name");
  u.population = r->getUInt64("population");
  return u;
}

// Parents before children, siblings by name; depth filled in.
std::vector<org_unit> in_tree_order(std::vector<org_unit> units, std::uint64_t root_parent) {
  std::map<std::uint64_t, std::vector<org_unit>> children;
  for (auto& u : units) children[u.parent_id].push_back(std::move(u));
  for (auto& [parent, list] : children)
    std::sort(list.begin(), list.end(), [](const org_unit& a, const org_unit& b) { return a.name < b.name; });
  std::vector<org_unit> out;
  auto visit = [&](auto& self, std::uint64_t parent, int depth) -> void {
    auto it = children.find(parent);
    if (it == children.end()) return;
    for (auto& u : it->second) {
      u.depth = depth;
      out.push_back(u);
      self(self, u.id, depth + 1);
    }
  };
  visit(visit, root_parent, 0);
  return out;
}

std::vector<org_unit> load_all(sql::Connection& db) {
  auto r = storage::select(db, "SELECT id, parent_id, level, name, population FROM org_units");
  std::vector<org_unit> units;
  while (r->next()) units.push_back(read_unit(r));
  return in_tree_order(std::move(units), 0);
}

void check_fields(const std::string& name, std::uint64_t population) {
  if (!valid_unit_name(name)) throw invalid("units.name_invalid", "name");
  if (population > max_population) throw invalid("units.population_invalid", "population");
}

}  // namespace

std::vector<org_unit> org_service::all() {
  return db_.with([&](sql::Connection& db) { return load_all(db); });
}

std::vector<org_unit> org_service::districts() {
  return db_.with([&](sql::Connection& db) {
    auto r = storage::select(db,
                                     "SELECT id, parent_id, level, name, population FROM org_units "
                                     "WHERE level = 'district' ORDER BY name");
    std::vector<org_unit> out;
    while (r->next()) out.push_back(read_unit(r));
    return out;
  });
}

std::vector<org_unit> org_service::subtree(std::uint64_t root) {
  return db_.with([&](sql::Connection& db) {
    auto r = storage::select(db,
                             "WITH RECURSIVE t AS (SELECT id, parent_id, level, name, population FROM org_units "
                             "WHERE id = ? UNION ALL SELECT o.id, o.parent_id, o.level, o.name, o.population "
                             "FROM org_units o JOIN t ON o.parent_id = t.id) SELECT * FROM t",
                             root);
    std::vector<org_unit> units;
    std::uint64_t root_parent = 0;
    while (r->next()) {
      units.push_back(read_unit(r));
      if (units.back().id == root) root_parent = units.back().parent_id;
    }
    return in_tree_order(std::move(units), root_parent);
  });
}

std::optional<org_unit> org_service::find(std::uint64_t id) {
  return db_.with([&](sql::Connection& db) -> std::optional<org_unit> {
    auto r = storage::select(db, "SELECT id, parent_id, level, name, population FROM org_units WHERE id = ?", id);
    if (!r->next()) return std::nullopt;
    return read_unit(r);
  });
}

std::uint64_t org_service::create(const actor& who, std::optional<std::uint64_t> parent, const std::string& name,
                                  std::uint64_t population) {
  if (parent)
    require_administrator(path(*parent), who);
  else
    require_site_admin(who);
  check_fields(name, population);
  std::string level = "city";
  if (parent) {
    auto p = find(*parent);
    if (!p) throw not_found();
    auto at = std::find(std::begin(levels), std::end(levels), p->level);
    if (at + 1 >= std::end(levels)) throw invalid("units.no_level_below", "parent_id");
    level = *(at + 1);
  }
  return db_.with([&](sql::Connection& db) {
    if (!parent) {
      auto r = storage::select(db, "SELECT 1 FROM org_units WHERE parent_id IS NULL");
      if (r->next()) throw conflict("units.second_city");
    }
    auto st = storage::prepare(db, "INSERT INTO org_units (parent_id, level, name, population) VALUES (?, ?, ?, ?)");
    if (parent)
      st->setUInt64(1, *parent);
    else
      st->setNull(1, 0);
    st->setString(2, level);
    st->setString(3, name);
    st->setUInt64(4, population);
    try {
      st->execute();
    } catch (const sql::SQLException& e) {
      if (storage::is_duplicate_key(e)) throw conflict("units.name_taken");
      throw;
    }
    return storage::last_insert_id(db);
  });
}

void org_service::update(const actor& who, std::uint64_t id, const std::string& name, std::uint64_t population) {
  require_administrator(path(id), who);
  check_fields(name, population);
  db_.with([&](sql::Connection& db) {
    auto st = storage::prepare(db, "UPDATE org_units SET name = ?, population = ? WHERE id = ?");
    st->setString(1, name);
    st->setUInt64(2, population);
    st->setUInt64(3, id);
    try {
      st->executeUpdate();
    } catch (const sql::SQLException& e) {
      if (storage::is_duplicate_key(e)) throw conflict("units.name_taken");
      throw;
    }
  });
}

void org_service::remove(const actor& who, std::uint64_t id) {
  // A unit is removed by the administrators above it; the city by a site administrator.
  const auto unit_path = path(id);
  if (unit_path.empty()) throw not_found();
  if (unit_path.size() == 1)
    require_site_admin(who);
  else
    require_administrator({unit_path.begin() + 1, unit_path.end()}, who);
  db_.with([&](sql::Connection& db) {
    auto st = storage::prepare(db, "DELETE FROM org_units WHERE id = ?");
    st->setUInt64(1, id);
    try {
      st->executeUpdate();
    } catch (const sql::SQLException& e) {
      if (e.getErrorCode() == 1451) throw conflict("units.not_empty");  // still referenced
      throw;
    }
  });
}

import_summary org_service::import_csv(const actor& who, const std::string& text) {
  const auto within = import_area(who);
  auto sheet = read_unit_csv(text);
  auto refuse = [](std::vector<line_problem> problems) {
    std::stable_sort(problems.begin(), problems.end(), [](const auto& a, const auto& b) { return a.line < b.line; });
    auto e = invalid("units.csv_refused");
    e.lines = std::move(problems);
    return e;
  };
  if (sheet.rows.empty() && !sheet.problems.empty()) throw refuse(std::move(sheet.problems));
  // Parents before children, whatever the file's order.
  std::stable_sort(sheet.rows.begin(), sheet.rows.end(),
                   [](const auto& a, const auto& b) { return a.path.size() < b.path.size(); });

  return db_.with([&](sql::Connection& db) {
    return storage::in_transaction(db, [&] {
      // Serialise imports: two at once could both create the same unit.
      storage::select(db, "SELECT id FROM org_units FOR UPDATE");
      std::map<std::vector<std::string>, org_unit> by_path;
      std::map<std::uint64_t, std::vector<std::string>> path_of;
      bool has_city = false;
      for (const auto& u : load_all(db)) {
        auto path = u.parent_id ? path_of[u.parent_id] : std::vector<std::string>{};
        path.push_back(u.name);
        path_of[u.id] = path;
        by_path[path] = u;
        has_city = has_city || !u.parent_id;
      }
      std::vector<std::string> area;
      if (within) area = path_of[*within];

      import_summary summary;
      // Rows already refused are reported together with what the tree finds wrong.
      auto problems = std::move(sheet.problems);
      auto insert =
          storage::prepare(db, "INSERT INTO org_units (parent_id, level, name, population) VALUES (?, ?, ?, ?)");
      auto change = storage::prepare(db, "UPDATE org_units SET population = ? WHERE id = ?");
      for (const auto& row : sheet.rows) {
        const bool inside = row.path.size() >= area.size() && std::equal(area.begin(), area.end(), row.path.begin());
        if (within && !inside) {
          problems.push_back({row.line, "units.csv_outside", row.path.back()});
          continue;
        }
        if (auto found = by_path.find(row.path); found != by_path.end()) {
          if (row.population && *row.population != found->second.population) {
            change->setUInt64(1, *row.population);
            change->setUInt64(2, found->second.id);
            change->executeUpdate();
            ++summary.updated;
          } else {
            ++summary.unchanged;
          }
          continue;
        }
        const std::vector<std::string> parent_path(row.path.begin(), row.path.end() - 1);
        auto parent = by_path.find(parent_path);
        if (row.path.size() == 1 && has_city) {  // one network, one city
          problems.push_back({row.line, "units.csv_second_city", row.path[0]});
          continue;
        }
        if (row.path.size() > 1 && parent == by_path.end()) {
          problems.push_back({row.line, "units.csv_no_parent", parent_path.back()});
          continue;
        }
        org_unit u;
        u.parent_id = row.path.size() > 1 ? parent->second.id : 0;
        u.level = levels[row.path.size() - 1];
        u.name = row.path.back();
        u.population = row.population.value_or(0);
        if (u.parent_id)
          insert->setUInt64(1, u.parent_id);
        else
          insert->setNull(1, 0);
        insert->setString(2, u.level);
        insert->setString(3, u.name);
        insert->setUInt64(4, u.population);
        insert->execute();
        u.id = storage::last_insert_id(db);
        has_city = has_city || !u.parent_id;
        by_path[row.path] = u;
        ++summary.created;
      }
      if (!problems.empty()) throw refuse(std::move(problems));  // rolls everything back
      return summary;
    });
  });
}

std::vector<std::uint64_t> org_service::path(std::uint64_t unit) {
  return db_.with([&](sql::Connection& db) { return unit_path_of(db, unit); });
}

std::optional<std::uint64_t> org_service::administered_root(const actor& who) {
  if (who.has_role("site_admin")) {
    const auto everything = all();
    if (!everything.empty()) return everything.front().id;
  }
  if (auto it = who.role_units.find("reviewer"); it != who.role_units.end() && who.has_role("reviewer"))
    return it->second;
  return std::nullopt;
}

std::optional<std::uint64_t> org_service::staffed_root(const actor& who) {
  if (auto root = administered_root(who)) return root;
  if (auto it = who.role_units.find("staff"); it != who.role_units.end() && who.has_role("staff")) return it->second;
  return std::nullopt;
}

std::optional<std::uint64_t> org_service::import_area(const actor& who) {
  if (who.has_role("site_admin")) return std::nullopt;
  if (auto it = who.role_units.find("reviewer"); it != who.role_units.end() && who.has_role("reviewer"))
    return it->second;
  throw forbidden();
}
}  // namespace lifelong::services
