#pragma once
// Learning cards (学习卡): a printed QR code that signs an older resident in with no
// typing. The card carries a 256-bit secret; only its SHA-256 is stored. One live card
// per person: issuing a new one revokes the old.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/mysql_pool.hpp"

namespace lifelong::services {

struct card_holder {
  std::uint64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::uint64_t unit_id = 0;
  std::string unit_name;
  std::string issued_at;  // UTC, "YYYY-MM-DD HH:MM:SS"
};

class card_service {
 public:
  explicit card_service(mysql_pool& db) : db_(db) {}

  // Revokes the person's live card, if any, and returns the new card's secret.
  std::string issue(std::uint64_t user_id, std::uint64_t issued_by);
  // The same for an account that already had a card; 403 for any other account.
  std::string reissue(std::uint64_t user_id, std::uint64_t issued_by);
  // 403 for an account that never had a card.
  void revoke(std::uint64_t user_id);
  // The holder of a live card, or nullopt for an unknown or revoked secret.
  std::optional<std::uint64_t> holder(const std::string& secret);
  // People with a live card whose home is one of `units`, newest card first.
  std::vector<card_holder> holders_in(const std::vector<std::uint64_t>& units, int limit);

 private:
  mysql_pool& db_;
};

}  // namespace lifelong::services
