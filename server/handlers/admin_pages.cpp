// /admin/units: an administrator walks their area one level at a time (a city has
// thousands of communities, so never the whole tree at once), edits units, imports the
// tree as CSV and names teachers and staff. The forms call the unit API (admin.js).
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {

nlohmann::json admin_model(app& a, const http::request& req, const services::session& who) {
  const auto root = a.units.administered_root(who);
  if (!root) throw http::forbidden();
  std::uint64_t current = *root;
  if (auto u = req.query.find("unit"); u != req.query.end()) current = http::parse_id(u->second);
  if (current == 0) throw http::not_found();
  const auto holders = a.users.role_holders(who, current);  // for the unit's administrators only

  // The way down from the top of the area to the unit shown.
  const auto path = a.users.unit_path(current);
  nlohmann::json crumbs = nlohmann::json::array();
  for (auto it = path.rbegin(); it != path.rend(); ++it) {
    if (crumbs.empty() && *it != *root) continue;
    auto u = a.units.find(*it);
    crumbs.push_back({{"id", u->id}, {"name", u->name}, {"current", u->id == current}});
  }

  const auto unit = *a.units.find(current);
  const auto tree = a.units.subtree(current);
  nlohmann::json children = nlohmann::json::array();
  for (const auto& u : tree)
    if (u.depth == 1)
      children.push_back({{"id", u.id}, {"name", u.name}, {"level", u.level}, {"population", u.population}});

  nlohmann::json people = nlohmann::json::array();
  std::map<std::uint64_t, std::string> names;
  for (const auto& u : tree) names[u.id] = u.name;
  for (const auto& p : holders)
    people.push_back({{"user_id", p.user_id},
                      {"username", p.username},
                      {"display_name", p.display_name},
                      {"role_" + p.role, true},
                      {"removable", p.role != "reviewer"},
                      {"api_role", p.role == "teacher" ? "teachers" : "staff"},
                      {"unit_id", p.unit_id},
                      {"unit_name", names[p.unit_id]}});

  return {{"unit", {{"id", unit.id}, {"name", unit.name}, {"level", unit.level}, {"population", unit.population}}},
          {"level_" + unit.level, true},
          {"has_children_level", unit.level != "community"},
          {"crumbs", crumbs},
          {"children", children},
          {"has_children", !children.empty()},
          {"people", people},
          {"has_people", !people.empty()},
          {"at_root", current == *root},
          {"page_title", a.views.message(req.lang, "units.heading")}};
}

}  // namespace

void add_admin_pages(http::router& r, app& a) {
  r.add("GET", "/admin/units", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    auto model = admin_model(a, req, who);
    return page(a, req, "admin_units", std::move(model));
  });
}

}  // namespace lifelong::handlers
