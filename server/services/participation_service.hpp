#pragma once
// Participation figures for an administrator's area: its whole subtree rolled up, and
// each unit directly below it side by side, for a period of days (China time).
// People count under their home community; the roll-up of the children is the parent by
// construction (figures are summed from communities, never counted twice across units).
#include <cstdint>
#include <string>
#include <vector>

#include "common/mysql_pool.hpp"
#include "org_service.hpp"

namespace lifelong::services {

struct participation {
  std::uint64_t population = 0;  // residents as entered for the unit (the target's base)
  std::uint64_t registered = 0;  // accounts whose home is here, made by the end of the period
  std::uint64_t active = 0;      // people who learned on any day of the period
  std::uint64_t active_7d = 0;   // ... on any of the 7 days ending with the period
  std::uint64_t active_30d = 0;  // ... of the 30 days ending with it
  std::uint64_t enrolments = 0;  // made in the period by people living here
  std::uint64_t completions = 0;
  double credits = 0;           // awarded with those completions
  std::uint64_t seconds = 0;    // distinct seconds of lessons newly played in the period
  double rate() const { return population ? double(active) / double(population) : 0; }
};

struct unit_figures {
  org_unit unit;
  participation figures;
};

struct area_figures {
  unit_figures total;                  // the asked unit, everything below it included
  std::vector<unit_figures> children;  // each unit directly below it, by name
};

class participation_service {
 public:
  participation_service(mysql_pool& db, org_service& units) : db_(db), units_(units) {}
  // `from` and `to` are "YYYY-MM-DD", both included, checked by the caller.
  area_figures of(std::uint64_t unit, const std::string& from, const std::string& to);

 private:
  mysql_pool& db_;
  org_service& units_;
};

}  // namespace lifelong::services
