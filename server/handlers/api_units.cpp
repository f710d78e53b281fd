// The organisation tree and who holds which role in it. Anyone may list units (the
// registration form needs them); administrators change their own subtree: units, the
// CSV import, and who teaches or staffs there.
#include "auth_common.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {

nlohmann::json unit_json(const services::org_unit& u) {
  return {{"id", u.id},
          {"parent_id", u.parent_id ? nlohmann::json(u.parent_id) : nlohmann::json()},
          {"level", u.level},
          {"name", u.name},
          {"population", u.population},
          {"depth", u.depth}};
}

std::uint64_t json_count(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return 0;
  if (!it->is_number_unsigned()) throw http::bad_request("units.population_invalid", key);
  return it->get<std::uint64_t>();
}

// Makes the named person a teacher or staff member of a unit in the caller's area.
void add_role_route(http::router& r, app& a, const std::string& plural, const std::string& role) {
  r.add("POST", "/api/v1/units/{id}/" + plural, [&a, role](http::request& req) -> http::reply {
    const auto unit = req.id_param("id");
    const auto& who = require_user(req);
    auto body = json_body(req);
    const auto username = json_text(body, "username");
    const auto person = a.users.grant_role_to(who, username, role, unit);
    refresh_sessions(a, person.id);  // the new role works without signing in again
    return http::json_reply(nlohmann::json{
        {"user_id", person.id},
        {"username", person.username},
        {"role", role},
        {"unit_id", unit}}.dump());
  });

  r.add("DELETE", "/api/v1/units/{id}/" + plural + "/{user}", [&a, role](http::request& req) -> http::reply {
    const auto unit = req.id_param("id");
    const auto user = req.id_param("user");
    const auto& who = require_user(req);
    a.users.revoke_role(who, user, role, unit);
    refresh_sessions(a, user);
    http::reply rep;
    rep.status = 204;
    return rep;
  });
}

}  // namespace

void add_unit_api(http::router& r, app& a) {
  // ?within=ID: that unit's subtree only.
  r.add("GET", "/api/v1/units", [&a](http::request& req) -> http::reply {
    std::optional<std::uint64_t> within;
    if (auto w = req.query.find("within"); w != req.query.end()) {
      within = http::parse_id(w->second);
      if (!*within) throw http::bad_request("units.unknown", "within");
    }
    auto units = within ? a.units.subtree(*within) : a.units.all();
    if (within && units.empty()) throw http::not_found();
    auto out = nlohmann::json::array();
    for (const auto& u : units) out.push_back(unit_json(u));
    return http::json_reply(nlohmann::json{{"units", out}}.dump());
  });

  r.add("POST", "/api/v1/units", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    auto body = json_body(req);
    std::optional<std::uint64_t> parent;
    if (auto p = body.find("parent_id"); p != body.end() && !p->is_null()) {
      if (!p->is_number_unsigned()) throw http::bad_request("units.unknown", "parent_id");
      parent = p->get<std::uint64_t>();
    }
    const auto name = json_text(body, "name");
    const auto population = json_count(body, "population");
    auto made = *a.units.find(a.units.create(who, parent, name, population));
    return http::json_reply(unit_json(made).dump(), 201);
  });

  r.add("PUT", "/api/v1/units/{id}", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto body = json_body(req);
    const auto name = json_text(body, "name");
    const auto population = json_count(body, "population");
    a.units.update(who, id, name, population);
    auto changed = *a.units.find(id);
    return http::json_reply(unit_json(changed).dump());
  });

  // An administrator removes empty units below their own; the city only a site administrator.
  r.add("DELETE", "/api/v1/units/{id}", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    a.units.remove(who, id);
    http::reply rep;
    rep.status = 204;
    return rep;
  });

  // The whole tree as CSV (text/csv, UTF-8 or GBK); a site administrator may import
  // anywhere, an administrator of a unit only inside it.
  r.add("POST", "/api/v1/units/import", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    if (req.header("content-type").rfind("text/csv", 0) != 0)
      throw http::http_error(415, "unsupported_type", "units.csv_type");
    auto summary = a.units.import_csv(who, req.body);
    return http::json_reply(
        nlohmann::json{{"created", summary.created}, {"updated", summary.updated}, {"unchanged", summary.unchanged}}
            .dump());
  });

  r.add("GET", "/api/v1/units/{id}/people", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto people = a.users.role_holders(who, id);
    auto out = nlohmann::json::array();
    for (const auto& p : people)
      out.push_back({{"user_id", p.user_id},
                     {"username", p.username},
                     {"display_name", p.display_name},
                     {"role", p.role},
                     {"unit_id", p.unit_id}});
    return http::json_reply(nlohmann::json{{"people", out}}.dump());
  });

  add_role_route(r, a, "teachers", "teacher");
  add_role_route(r, a, "staff", "staff");
}

}  // namespace lifelong::handlers
