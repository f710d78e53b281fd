#pragma once
#include <cstdint>
#include <set>
#include <string>

namespace lifelong::http {

// A signed-in person as the session store keeps them.
struct session {
  std::string id;
  std::uint64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::set<std::string> roles;  // teacher, reviewer, site_admin (everyone is a learner)
  std::set<std::uint64_t> review_units;  // a reviewer's units (each covers its subtree)
  std::string csrf;

  bool has_role(const std::string& r) const { return roles.count(r) > 0; }
};

}  // namespace lifelong::http
