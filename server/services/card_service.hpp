#pragma once
// Learning cards (学习卡): a printed QR code that signs an older resident in with no
// typing. The card carries a 256-bit secret; only its SHA-256 is stored. One live card
// per person: issuing a new one revokes the old.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actor.hpp"
#include "common/mysql_pool.hpp"
#include "org_service.hpp"
#include "user_service.hpp"

namespace lifelong::services {

struct card_holder {
  std::uint64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::uint64_t unit_id = 0;
  std::string unit_name;
  std::string issued_at;  // UTC, "YYYY-MM-DD HH:MM:SS"
};

// A new resident's account and their first card, made at the community's desk.
struct new_card {
  std::uint64_t user_id = 0;
  std::string secret;
};

class card_service {
 public:
  card_service(mysql_pool& db, user_service& users, org_service& units) : db_(db), users_(users), units_(units) {}

  // Staff of the resident's community (or an administrator above it) make the account,
  // with the simplified pages, and its card. invalid unless the home is a community.
  new_card set_up(const actor& who, new_user resident);
  // A new card for a card account in the staff member's area (the old one stops
  // working); forbidden for any other account (permissions.hpp, require_card_handler).
  std::string reissue(const actor& who, std::uint64_t user_id);
  // The same rules; the person keeps their account, without a card.
  void revoke(const actor& who, std::uint64_t user_id);
  // The holder of a live card, or nullopt for an unknown or revoked secret.
  std::optional<std::uint64_t> holder(const std::string& secret);
  // People with a live card whose home is in the subtree of `root`, newest card first:
  // for the staff of `root`.
  std::vector<card_holder> holders(const actor& who, std::uint64_t root, int limit);

 private:
  std::string issue(std::uint64_t user_id, std::uint64_t issued_by);
  mysql_pool& db_;
  user_service& users_;
  org_service& units_;
};

}  // namespace lifelong::services
