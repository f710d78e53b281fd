#pragma once
// Who is acting, as services see them: made once from the signed-in session at the edge
// and passed to every operation on protected data, which decides itself whether this
// person may act (services/permissions.hpp). Plain data: no I/O, cheap to copy.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lifelong::services {

struct actor {
  std::uint64_t user_id = 0;
  std::set<std::string> roles;  // teacher, reviewer, staff, site_admin (everyone is a learner)
  std::map<std::string, std::uint64_t> role_units;  // role → the unit whose subtree it covers
  std::vector<std::uint64_t> home_path;  // home community, then its street, district and city
  bool via_card = false;  // signed in with a learning card: a learner, whatever else they are

  // A card proves only that its holder may learn, so it carries no role.
  bool has_role(const std::string& r) const { return !via_card && roles.count(r) > 0; }
  // Site administrators act everywhere; others where `path` (a unit and its ancestors)
  // passes through the unit of their `role`.
  bool acts_in(const std::string& role, const std::vector<std::uint64_t>& path) const {
    if (via_card) return false;
    if (has_role("site_admin")) return true;
    if (!has_role(role)) return false;
    auto it = role_units.find(role);
    if (it == role_units.end()) return false;
    for (const auto unit : path)
      if (unit == it->second) return true;
    return false;
  }
  // Administrators (reviewers) of an area may do whatever its community staff may.
  bool administers(const std::vector<std::uint64_t>& path) const { return acts_in("reviewer", path); }
  bool staffs(const std::vector<std::uint64_t>& path) const { return acts_in("staff", path) || administers(path); }
};

// The machine's own operator (lifelong-admin on the command line, the demo seed): acts
// as a site administrator, never through the web.
inline actor console_operator() {
  actor a;
  a.roles = {"site_admin"};
  return a;
}

// A session: the actor and what the pages show of them.
struct session : actor {
  std::string id;
  std::string username;
  std::string display_name;
  bool simplified = false;  // the account prefers the simplified pages
  std::string csrf;
};

}  // namespace lifelong::services
