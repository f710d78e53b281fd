#include "community_picker.hpp"

#include <map>

namespace lifelong::handlers {

nlohmann::json community_groups(app& a, std::optional<std::uint64_t> within, std::uint64_t selected) {
  const auto units = within ? a.units.subtree(*within) : a.units.all();
  std::map<std::uint64_t, const services::org_unit*> by_id;
  for (const auto& u : units) by_id[u.id] = &u;
  auto name_of = [&](std::uint64_t id) { return by_id.count(id) ? by_id[id]->name : std::string(); };
  nlohmann::json groups = nlohmann::json::array();
  std::uint64_t current_street = 0;
  for (const auto& u : units) {  // tree order: a street's communities follow it
    if (u.level != "community") continue;
    if (u.parent_id != current_street || groups.empty()) {
      current_street = u.parent_id;
      const auto street = by_id.count(u.parent_id) ? by_id[u.parent_id] : nullptr;
      const auto district = street ? name_of(street->parent_id) : std::string();
      groups.push_back({{"label", district.empty() ? name_of(u.parent_id) : district + " · " + name_of(u.parent_id)},
                        {"communities", nlohmann::json::array()}});
    }
    groups.back()["communities"].push_back({{"id", u.id}, {"name", u.name}, {"selected", u.id == selected}});
  }
  return groups;
}

}  // namespace lifelong::handlers
