#pragma once
// The four-level organisation tree: city → district → street → community. Each unit
// has a resident population (the denominator of participation rates). Who may change
// which unit is the handlers' business (session::administers).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

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
  std::uint64_t create(std::optional<std::uint64_t> parent, const std::string& name, std::uint64_t population);
  void update(std::uint64_t id, const std::string& name, std::uint64_t population);
  // Only an empty unit: no units, people or courses in it (conflict otherwise).
  void remove(std::uint64_t id);

  // Applies a CSV (see unit_csv.hpp) in one transaction: every row creates or updates a
  // unit. With `within`, every row must lie in that unit's subtree. Any bad row, and
  // nothing is stored: throws bad_request carrying every problem by line.
  import_summary import_csv(const std::string& text, std::optional<std::uint64_t> within);

 private:
  mysql_pool& db_;
};

constexpr std::uint64_t max_population = 100'000'000;

}  // namespace lifelong::services
