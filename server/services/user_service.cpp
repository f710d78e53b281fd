#include "user_service.hpp"

#include "password_policy.hpp"

#include <cppconn/exception.h>

#include "common/tokens.hpp"
#include "error.hpp"
#include "figures_ledger.hpp"
#include "org_service.hpp"
#include "permissions.hpp"
#include "storage/sql.hpp"
#include "text_rules.hpp"

namespace lifelong::services {
namespace {
namespace query {
constexpr const char* unit_level = "SELECT level FROM org_units WHERE id = ?";
constexpr const char* roles_of = "SELECT role, org_unit_id FROM user_roles WHERE user_id = ?";
constexpr const char* name_taken = "SELECT 1 FROM users WHERE username = ?";
constexpr const char* add_user =
    "INSERT INTO users (username, display_name, password_hash, org_unit_id, simplified) VALUES (?, ?, ?, ?, ?)";
constexpr const char* role_holders_in_area =
    "WITH RECURSIVE area AS (SELECT id FROM org_units WHERE id = ? UNION ALL "
    "SELECT o.id FROM org_units o JOIN area ON o.parent_id = area.id) "
    "SELECT u.id, u.username, u.display_name, r.role, r.org_unit_id FROM user_roles r "
    "JOIN users u ON u.id = r.user_id JOIN area ON area.id = r.org_unit_id "
    "WHERE r.role IN ('teacher', 'staff', 'reviewer') ORDER BY r.org_unit_id, r.role, u.username LIMIT 5000";
constexpr const char* drop_role = "DELETE FROM user_roles WHERE user_id = ? AND role = ? AND org_unit_id <=> ?";
constexpr const char* held_role = "SELECT org_unit_id FROM user_roles WHERE user_id = ? AND role = ? FOR UPDATE";
constexpr const char* add_role = "INSERT INTO user_roles (user_id, role, org_unit_id) VALUES (?, ?, ?)";
constexpr const char* set_password = "UPDATE users SET password_hash = ?, temporary_password_until = NULL WHERE id = ?";
// Three days to come home and choose their own; then staff make another.
constexpr const char* set_temporary_password =
    "UPDATE users SET password_hash = ?, temporary_password_until = UTC_TIMESTAMP() + INTERVAL 3 DAY WHERE id = ?";
constexpr const char* home_for_update = "SELECT org_unit_id FROM users WHERE id = ? FOR UPDATE";
constexpr const char* set_profile = "UPDATE users SET display_name = ?, org_unit_id = ? WHERE id = ?";
constexpr const char* set_simplified = "UPDATE users SET simplified = ? WHERE id = ?";
}  // namespace query

// A home is a community (village): the level participation is counted at.
void check_home(sql::Connection& db, std::optional<std::uint64_t> unit) {
  if (!unit) return;
  auto r = storage::select(db, query::unit_level, *unit);
  if (!r->next()) throw invalid("errors.unit_unknown", "org_unit_id");
  if (storage::text(r, "level") != "community") throw invalid("errors.unit_not_community", "org_unit_id");
}

void load_roles(sql::Connection& db, user_record& u) {
  auto r = storage::select(db, query::roles_of, u.id);
  while (r->next()) {
    const auto role = storage::text(r, "role");
    u.roles.insert(role);
    if (!r->isNull("org_unit_id")) u.role_units[role] = r->getUInt64("org_unit_id");
  }
}

std::optional<std::pair<user_record, std::string>> load_user(sql::Connection& db, const char* where,
                                                             const std::string& value) {
  std::string query =
      std::string(
          "SELECT id, username, display_name, email, password_hash, org_unit_id, simplified, "
          "temporary_password_until IS NOT NULL AS temporary, "
          "COALESCE(temporary_password_until < UTC_TIMESTAMP(), FALSE) AS temporary_expired FROM users WHERE ") +
      where;
  auto st = storage::prepare(db, query.c_str());
  st->setString(1, value);
  storage::rows r(st->executeQuery());
  if (!r->next()) return std::nullopt;
  user_record u;
  u.id = r->getUInt64("id");
  u.username = storage::text(r, "username");
  u.display_name = storage::text(r, "display_name");
  if (!r->isNull("email")) u.email = storage::text(r, "email");
  u.simplified = r->getBoolean("simplified");
  u.must_change_password = r->getBoolean("temporary");
  u.temporary_password_expired = r->getBoolean("temporary_expired");
  if (!r->isNull("org_unit_id")) {
    u.org_unit_id = r->getUInt64("org_unit_id");
    u.home_path = unit_path_of(db, *u.org_unit_id);
  }
  load_roles(db, u);
  return std::make_pair(u, storage::text(r, "password_hash"));
}

}  // namespace

bool valid_username(const std::string& name) {
  if (name.size() < 3 || name.size() > 32) return false;
  for (unsigned char c : name)
    if (!std::isalnum(c) && c != '_' && c != '.' && c != '-') return false;
  return true;
}

bool valid_password(const std::string& p) {
  return utf8_length(p) >= 8 && p.size() <= 256;
}

bool valid_display_name(const std::string& n) {
  return fits_text(n, 50);
}

std::uint64_t user_service::register_user(const new_user& u) {
  if (!valid_username(u.username)) throw invalid("errors.username_invalid", "username");
  if (!valid_display_name(u.display_name)) throw invalid("errors.display_name_invalid", "display_name");
  if (!valid_password(u.password)) throw invalid("errors.password_too_short", "password");
  if (too_common_password(u.password, u.username)) throw invalid("errors.password_common", "password");
  // Everything cheap first: a taken name or an unknown home costs no hashing.
  db_.with([&](sql::Connection& db) {
    check_home(db, u.org_unit_id);
    if (storage::select(db, query::name_taken, u.username)->next()) throw conflict("errors.username_taken", "username");
  });
  const auto hash = hashing_.run([&] { return hash_password(u.password); });
  return db_.with([&](sql::Connection& db) {
    return storage::in_transaction(db, [&] {
      try {
        storage::change(db, query::add_user, u.username, u.display_name, hash, u.org_unit_id, u.simplified);
      } catch (const sql::SQLException& e) {
        if (storage::is_duplicate_key(e)) throw conflict("errors.username_taken", "username");      // duplicate key
        if (storage::is_missing_reference(e)) throw invalid("errors.unit_unknown", "org_unit_id");  // foreign key
        throw;
      }
      const auto id = storage::last_insert_id(db);
      if (u.org_unit_id) add_to_figures(db, id, 0, {.registrations = 1}, u.org_unit_id);
      return id;
    });
  });
}

std::optional<user_record> user_service::authenticate(const std::string& username, const std::string& password) {
  auto found = db_.with([&](sql::Connection& db) { return load_user(db, "username = ?", username); });
  if (!found) {
    // Spend the same time as a real check, so timing does not reveal which names exist.
    static const std::string decoy = hash_password(random_password());
    hashing_.run([&] { return verify_password(decoy, password); });
    return std::nullopt;
  }
  if (!hashing_.run([&] { return verify_password(found->second, password); })) return std::nullopt;
  if (found->first.temporary_password_expired) return std::nullopt;  // staff make a new one
  return found->first;
}

std::optional<user_record> user_service::find(std::uint64_t id) {
  auto found = db_.with([&](sql::Connection& db) { return load_user(db, "id = ?", std::to_string(id)); });
  if (!found) return std::nullopt;
  return found->first;
}

std::optional<user_record> user_service::find_by_username(const std::string& username) {
  auto found = db_.with([&](sql::Connection& db) { return load_user(db, "username = ?", username); });
  if (!found) return std::nullopt;
  return found->first;
}

std::optional<user_record> user_service::find_by_email(const std::string& email) {
  if (email.empty()) return std::nullopt;
  auto found = db_.with([&](sql::Connection& db) { return load_user(db, "email = ?", email); });
  if (!found) return std::nullopt;
  return found->first;
}

void user_service::clear_email(std::uint64_t user_id) {
  db_.with([&](sql::Connection& db) { storage::change(db, "UPDATE users SET email = NULL WHERE id = ?", user_id); });
}

std::string user_service::new_password_hash(const std::string& username, const std::string& replacement) {
  check_new_password(username, replacement);
  return hashing_.run([&] { return hash_password(replacement); });
}

std::vector<std::uint64_t> user_service::unit_path(std::uint64_t unit_id) {
  return db_.with([&](sql::Connection& db) { return unit_path_of(db, unit_id); });
}

std::vector<role_holder> user_service::role_holders(const actor& who, std::uint64_t unit) {
  require_administrator(unit_path(unit), who);
  std::vector<role_holder> out;
  return db_.with([&](sql::Connection& db) {
    auto r = storage::select(db, query::role_holders_in_area, unit);
    while (r->next())
      out.push_back({r->getUInt64("id"), storage::text(r, "username"), storage::text(r, "display_name"),
                     storage::text(r, "role"), r->getUInt64("org_unit_id")});
    return out;
  });
}

void user_service::revoke_role(const actor& who, std::uint64_t user_id, const std::string& role,
                               std::optional<std::uint64_t> org_unit_id) {
  may_grant(who, role, org_unit_id);
  db_.with([&](sql::Connection& db) {
    if (storage::change(db, query::drop_role, user_id, role, org_unit_id) == 0) throw not_found();
  });
}

// A role for a unit (permissions.hpp); one for no unit (city-wide) by a site administrator.
void user_service::may_grant(const actor& who, const std::string& role, std::optional<std::uint64_t> org_unit_id) {
  if (org_unit_id)
    require_role_granter(role, unit_path(*org_unit_id), who);
  else
    require_site_admin(who);
}

user_record user_service::grant_role_to(const actor& who, const std::string& username, const std::string& role,
                                        std::uint64_t org_unit_id) {
  require_role_granter(role, unit_path(org_unit_id), who);
  auto found = find_by_username(username);
  if (!found) throw not_found("errors.user_unknown");
  grant_role(who, found->id, role, org_unit_id);
  return *found;
}

void user_service::grant_role(const actor& who, std::uint64_t user_id, const std::string& role,
                              std::optional<std::uint64_t> org_unit_id) {
  may_grant(who, role, org_unit_id);
  // A role held for another unit is never moved from here: whoever may grant it here
  // may not administer the unit it is held for (and so take it away from there). It is
  // removed where it is held first.
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      auto r = storage::select(db, query::held_role, user_id, role);
      if (r->next()) {
        const auto unit = r->isNull(1) ? std::nullopt : std::optional<std::uint64_t>(r->getUInt64(1));
        if (unit != org_unit_id) throw conflict("errors.role_held_elsewhere", "username");
        return;
      }
      storage::change(db, query::add_role, user_id, role, org_unit_id);
    });
  });
}

void user_service::check_new_password(const std::string& username, const std::string& replacement) {
  if (!valid_password(replacement)) throw invalid("errors.password_too_short", "new_password");
  if (too_common_password(replacement, username)) throw invalid("errors.password_common", "new_password");
}

bool user_service::change_password(std::uint64_t user_id, const std::string& current, const std::string& replacement) {
  auto user = find(user_id);
  if (!user) return false;
  check_new_password(user->username, replacement);  // before the current one is checked: costs no hash
  if (!authenticate(user->username, current)) return false;
  const auto hash = hashing_.run([&] { return hash_password(replacement); });
  db_.with([&](sql::Connection& db) { storage::change(db, query::set_password, hash, user_id); });
  return true;
}

std::string user_service::set_temporary_password(const actor& who, std::uint64_t user_id) {
  require_card_handler(find(user_id), who);
  const auto temporary = random_password(10);
  const auto hash = hashing_.run([&] { return hash_password(temporary); });
  db_.with([&](sql::Connection& db) { storage::change(db, query::set_temporary_password, hash, user_id); });
  return temporary;
}

void user_service::update_profile(std::uint64_t user_id, const std::string& display_name,
                                  std::optional<std::uint64_t> org_unit_id, bool change_home) {
  if (!valid_display_name(display_name)) throw invalid("errors.display_name_invalid", "display_name");
  db_.with([&](sql::Connection& db) {
    if (change_home) check_home(db, org_unit_id);
    storage::in_transaction(db, [&] {
      auto was = storage::select(db, query::home_for_update, user_id);
      std::optional<std::uint64_t> old_home;
      if (was->next() && !was->isNull(1)) old_home = was->getUInt64(1);
      if (!change_home) org_unit_id = old_home;
      try {
        storage::change(db, query::set_profile, display_name, org_unit_id, user_id);
      } catch (const sql::SQLException& e) {
        if (storage::is_missing_reference(e)) throw invalid("errors.unit_unknown", "org_unit_id");  // no such unit
        throw;
      }
      if (old_home == org_unit_id) return;  // moving home is an event for the figures
      if (old_home) add_to_figures(db, user_id, 0, {.registrations = -1}, old_home);
      if (org_unit_id) add_to_figures(db, user_id, 0, {.registrations = 1}, org_unit_id);
    });
  });
}

void user_service::set_simplified(std::uint64_t user_id, bool simplified) {
  db_.with([&](sql::Connection& db) { storage::change(db, query::set_simplified, simplified, user_id); });
}

}  // namespace lifelong::services
