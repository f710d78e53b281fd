#include "unit_admin.hpp"

#include "http/errors.hpp"

namespace lifelong::handlers {

void require_administrator(app& a, const http::session& who, std::uint64_t unit) {
  const auto path = a.users.unit_path(unit);
  if (path.empty()) throw http::not_found();
  if (!who.administers(path)) throw http::forbidden();
}

void require_staff(app& a, const http::session& who, std::uint64_t unit) {
  const auto path = a.users.unit_path(unit);
  if (path.empty()) throw http::not_found();
  if (!who.staffs(path)) throw http::forbidden();
}

std::optional<std::uint64_t> administered_root(app& a, const http::session& who) {
  if (who.has_role("site_admin")) {
    const auto all = a.units.all();
    if (!all.empty()) return all.front().id;
  }
  if (auto it = who.role_units.find("reviewer"); it != who.role_units.end()) return it->second;
  return std::nullopt;
}

std::optional<std::uint64_t> import_area(const http::session& who) {
  if (who.has_role("site_admin")) return std::nullopt;
  if (auto it = who.role_units.find("reviewer"); it != who.role_units.end()) return it->second;
  throw http::forbidden();
}

std::vector<services::role_holder> people_in(app& a, std::uint64_t unit) {
  std::vector<std::uint64_t> ids;
  for (const auto& u : a.units.subtree(unit)) ids.push_back(u.id);
  return a.users.role_holders(ids);
}

}  // namespace lifelong::handlers
