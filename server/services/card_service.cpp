#include "card_service.hpp"

#include "common/tokens.hpp"
#include "error.hpp"
#include "permissions.hpp"
#include "storage/sql.hpp"

namespace lifelong::services {
namespace {
namespace query {
constexpr const char* revoke_live =
    "UPDATE learning_cards SET revoked_at = UTC_TIMESTAMP() WHERE user_id = ? AND revoked_at IS NULL";
constexpr const char* issue =
    "INSERT INTO learning_cards (user_id, secret_sha256, issued_by, issued_at) "
    "VALUES (?, ?, ?, UTC_TIMESTAMP())";
constexpr const char* ever_had_card = "SELECT 1 FROM learning_cards WHERE user_id = ? LIMIT 1";
constexpr const char* holder = "SELECT user_id FROM learning_cards WHERE secret_sha256 = ? AND revoked_at IS NULL";
constexpr const char* holders_in_area =
    "WITH RECURSIVE area AS (SELECT id FROM org_units WHERE id = ? UNION ALL "
    "SELECT o.id FROM org_units o JOIN area ON o.parent_id = area.id) "
    "SELECT u.id, u.username, u.display_name, o.id AS unit_id, o.name AS unit_name, "
    "DATE_FORMAT(c.issued_at, '%Y-%m-%d %H:%i:%s') AS issued_at FROM learning_cards c "
    "JOIN users u ON u.id = c.user_id JOIN area ON area.id = u.org_unit_id "
    "JOIN org_units o ON o.id = u.org_unit_id "
    "WHERE c.revoked_at IS NULL ORDER BY c.id DESC LIMIT ?";
}  // namespace query

// Cards are only ever reissued or revoked for accounts that staff made as card accounts:
// a password account given a card by staff would be theirs to sign in as.
void require_card_account(sql::Connection& db, std::uint64_t user_id) {
  if (!storage::select(db, query::ever_had_card, user_id)->next()) throw forbidden("cards.not_a_card_account");
}
}  // namespace

std::string card_service::issue(std::uint64_t user_id, std::uint64_t issued_by) {
  const auto secret = random_token();
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      storage::change(db, query::revoke_live, user_id);  // one live card per person
      storage::change(db, query::issue, user_id, sha256_hex(secret), issued_by);
    });
  });
  return secret;
}

new_card card_service::set_up(const actor& who, new_user resident) {
  const auto place = resident.org_unit_id ? units_.find(*resident.org_unit_id) : std::nullopt;
  if (!place || place->level != "community") throw invalid("cards.community_required", "org_unit_id");
  require_staff(users_.unit_path(place->id), who);
  resident.simplified = true;  // older learners start with the simplified pages
  const auto id = users_.register_user(resident);
  return {id, issue(id, who.user_id)};
}

std::string card_service::reissue(const actor& who, std::uint64_t user_id) {
  require_card_handler(users_.find(user_id), who);
  db_.with([&](sql::Connection& db) { require_card_account(db, user_id); });
  return issue(user_id, who.user_id);
}

void card_service::revoke(const actor& who, std::uint64_t user_id) {
  require_card_handler(users_.find(user_id), who);
  db_.with([&](sql::Connection& db) {
    require_card_account(db, user_id);
    storage::change(db, query::revoke_live, user_id);
  });
}

std::optional<std::uint64_t> card_service::holder(const std::string& secret) {
  if (secret.size() != 43) return std::nullopt;  // not one of ours
  return db_.with([&](sql::Connection& db) -> std::optional<std::uint64_t> {
    auto r = storage::select(db, query::holder, sha256_hex(secret));
    if (!r->next()) return std::nullopt;
    return r->getUInt64("user_id");
  });
}

std::vector<card_holder> card_service::holders(const actor& who, std::uint64_t root, int limit) {
  require_staff(users_.unit_path(root), who);
  return db_.with([&](sql::Connection& db) {
    auto r = storage::select(db, query::holders_in_area, root, limit);
    std::vector<card_holder> out;
    while (r->next())
      out.push_back({r->getUInt64("id"), storage::text(r, "username"), storage::text(r, "display_name"),
                     r->getUInt64("unit_id"), storage::text(r, "unit_name"), storage::text(r, "issued_at")});
    return out;
  });
}

}  // namespace lifelong::services
