#pragma once
// The four-level organisation tree: city → district → street → community. Each unit
// has a resident population (the denominator of participation rates). Who may change
// which unit is decided here, by the actor (permissions.hpp).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actor.hpp"
#include "common/mysql_pool.hpp"

namespace lifelong::services {

struct org_unit {
  std::uint64_t id = 0;
  std::uint64_t parent_id = 0;  // 0 for the city
  std::string level;            // city, district, street, community
  std::string name;
  std::uint64_t population = 0;
  int depth = 0;  // 0 for the city
};

struct import_summary {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
};

class org_service {
 public:
  explicit org_service(mysql_pool& db) : db_(db) {}

  // The unit and everything under it, parents before children, siblings by name.
  std::vector<org_unit> subtree(std::uint64_t root);
  // Every unit of the city (for pickers), in the same order.
  std::vector<org_unit> all();
  std::optional<org_unit> find(std::uint64_t id);
  // The city's districts by name (the catalog's "provided by" choices).
  std::vector<org_unit> districts();

  // A new unit one level below `parent` (a city when there is none and no city yet).
  // bad_request for a bad name or population, conflict for a sibling of the same name.
  // Administrators of `parent` add units below it; a city only a site administrator.
  std::uint64_t create(const actor& who, std::optional<std::uint64_t> parent, const std::string& name,
                       std::uint64_t population);
  void update(const actor& who, std::uint64_t id, const std::string& name, std::uint64_t population);
  // Only an empty unit: no units, people or courses in it (conflict otherwise). By the
  // administrators of a unit above it (the city: a site administrator).
  void remove(const actor& who, std::uint64_t id);

  // Applies a CSV (see unit_csv.hpp) in one transaction: every row creates or updates a
  // unit. A reviewer's rows must lie in their unit's subtree; a site administrator's
  // anywhere. Any bad row, and nothing is stored: throws invalid carrying every problem
  // by line.
  import_summary import_csv(const actor& who, const std::string& text);

  // The unit and its ancestors up to the city (empty when there is no such unit).
  std::vector<std::uint64_t> path(std::uint64_t unit);
  // The top of the area a person administers (the city for a site administrator), or
  // where they may set up residents (staff too): nullopt if nowhere.
  std::optional<std::uint64_t> administered_root(const actor& who);
  std::optional<std::uint64_t> staffed_root(const actor& who);

 private:
  std::optional<std::uint64_t> import_area(const actor& who);
  mysql_pool& db_;
};

// The unit and its ancestors, read on `db` (empty when there is no such unit).
std::vector<std::uint64_t> unit_path_of(sql::Connection& db, std::uint64_t unit_id);

constexpr std::uint64_t max_population = 100'000'000;

}  // namespace lifelong::services
