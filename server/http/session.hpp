#pragma once
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lifelong::http {

// A signed-in person as the session store keeps them.
struct session {
  std::string id;
  std::uint64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::set<std::string> roles;  // teacher, reviewer, staff, site_admin (everyone is a learner)
  std::map<std::string, std::uint64_t> role_units;  // role → the unit whose subtree it covers
  std::vector<std::uint64_t> home_path;  // home community, then its street, district and city
  bool via_card = false;  // signed in with a learning card: a learner, whatever else they are
  bool simplified = false;  // the account prefers the simplified pages
  std::string csrf;

  bool has_role(const std::string& r) const { return roles.count(r) > 0; }
  // Site administrators act everywhere; others where `path` (a unit and its ancestors)
  // passes through the unit of their `role`.
  bool acts_in(const std::string& role, const std::vector<std::uint64_t>& path) const {
    if (has_role("site_admin")) return true;
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

}  // namespace lifelong::http
