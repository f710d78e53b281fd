#pragma once
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actor.hpp"
#include "common/mysql_pool.hpp"
#include "hashing_gate.hpp"

namespace lifelong::services {

struct user_record {
  std::uint64_t id = 0;
  std::string username;
  std::string display_name;
  std::string email;  // optional: where a forgotten password's reset link goes
  std::optional<std::uint64_t> org_unit_id;
  std::set<std::string> roles;
  std::map<std::string, std::uint64_t> role_units;  // role → the unit whose subtree it covers
  std::vector<std::uint64_t> home_path;             // home community, then its street, district, city
  bool simplified = false;                          // prefers the simplified pages
  bool must_change_password = false;                // signs in with a temporary password staff set
  bool temporary_password_expired = false;          // ... which no longer works (three days on)
};

// One role held in a unit, for the lists administrators see.
struct role_holder {
  std::uint64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::string role;
  std::uint64_t unit_id = 0;
};

struct new_user {
  std::string username;
  std::string display_name;
  std::string password;
  std::optional<std::uint64_t> org_unit_id;
  bool simplified = false;  // starts with the simplified pages (accounts made with a learning card)
};

class user_service {
 public:
  // At most `hashing_slots` password hashes run at once (hashing_gate.hpp).
  explicit user_service(mysql_pool& db, int hashing_slots = 4)
      : db_(db), hashing_(hashing_slots, std::chrono::milliseconds(250)) {}

  // Validates and stores; throws services::error (invalid with the field, or conflict).
  std::uint64_t register_user(const new_user& u);
  // nullopt for an unknown name or a wrong password alike.
  std::optional<user_record> authenticate(const std::string& username, const std::string& password);
  std::optional<user_record> find(std::uint64_t id);
  std::optional<user_record> find_by_username(const std::string& username);
  std::optional<user_record> find_by_email(const std::string& email);
  // No address any more (one is set by a link mailed to it: password_reset_service).
  void clear_email(std::uint64_t user_id);
  // The rules for a new password, then its hash (for a reset that stores it itself).
  std::string new_password_hash(const std::string& username, const std::string& replacement);
  // Checks the current password (false when wrong), applies the same rules as at
  // registration (throws bad_request), stores the new hash.
  bool change_password(std::uint64_t user_id, const std::string& current, const std::string& replacement);
  // A temporary password for a resident who forgot theirs, made by staff of their home
  // in person (a learner only: permissions.hpp, require_card_handler); they are asked for
  // their own at the next sign-in. Returns it, to be handed over once. The caller ends
  // their sessions (desk_service).
  std::string set_temporary_password(const actor& who, std::uint64_t user_id);
  // The rules for a new password (400 on new_password), checked before anything costly.
  static void check_new_password(const std::string& username, const std::string& replacement);
  // Name shown to others and home community (an existing unit, or none).
  // The home changes only when change_home is set (a request that does not name it
  // keeps it); nullopt with change_home clears it.
  void update_profile(std::uint64_t user_id, const std::string& display_name, std::optional<std::uint64_t> org_unit_id,
                      bool change_home = true);
  void set_simplified(std::uint64_t user_id, bool simplified);
  // The unit and its ancestors up to the city (empty when there is no such unit).
  std::vector<std::uint64_t> unit_path(std::uint64_t unit_id);
  // Who may give which role: services/permissions.hpp (require_role_granter). Conflict
  // when the person holds the role for another unit.
  void grant_role(const actor& who, std::uint64_t user_id, const std::string& role,
                  std::optional<std::uint64_t> org_unit_id);
  // The same by username, checked before the name is looked up (so that no one else
  // learns which names exist): not_found "errors.user_unknown" for an unknown name.
  user_record grant_role_to(const actor& who, const std::string& username, const std::string& role,
                            std::uint64_t org_unit_id);
  // not_found unless the person holds the role for exactly that unit.
  void revoke_role(const actor& who, std::uint64_t user_id, const std::string& role,
                   std::optional<std::uint64_t> org_unit_id);
  // Teachers, staff and reviewers of the subtree of `unit`, by unit then name: for the
  // unit's administrators.
  std::vector<role_holder> role_holders(const actor& who, std::uint64_t unit);

 private:
  void may_grant(const actor& who, const std::string& role, std::optional<std::uint64_t> org_unit_id);
  mysql_pool& db_;
  hashing_gate hashing_;
};

// Rules shared by the form and the API: 3–32 letters, digits, '_', '.', '-', or a
// mobile number; passwords of at least 8 characters; names of 1–50 characters.
bool valid_username(const std::string& username);
bool valid_password(const std::string& password);
bool valid_display_name(const std::string& name);

}  // namespace lifelong::services
