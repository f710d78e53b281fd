#include "password_reset_service.hpp"

#include "common/tokens.hpp"
#include "error.hpp"
#include "mail/outbox.hpp"
#include "storage/sql.hpp"

namespace lifelong::services {
namespace {
constexpr int links_per_hour = 3;
constexpr std::size_t longest_request = 254;
}  // namespace

void password_reset_service::request(const std::string& name_or_email, const composer& compose) {
  if (!enabled() || name_or_email.empty() || name_or_email.size() > longest_request) return;
  auto person = name_or_email.find('@') == std::string::npos ? users_.find_by_username(name_or_email)
                                                             : users_.find_by_email(name_or_email);
  if (!person || person->email.empty()) return;
  const auto token = random_token();
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      // Serialised per person, so three links an hour stays three under concurrent asks.
      storage::select(db, "SELECT id FROM users WHERE id = ? FOR UPDATE", person->id);
      auto recent = storage::select(
          db,
          "SELECT COUNT(*) FROM password_resets WHERE user_id = ? AND created_at > UTC_TIMESTAMP() - INTERVAL 1 HOUR",
          person->id);
      if (recent->next() && recent->getInt(1) >= links_per_hour) return;
      storage::change(db,
                      "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES "
                      "(?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL ? MINUTE)",
                      sha256_hex(token), person->id, mail_.reset_minutes);
      mail::queue(db, compose(*person, token));  // sent with the link's row, or neither
    });
  });
}

std::optional<std::uint64_t> password_reset_service::holder(const std::string& token) {
  if (token.size() != 43) return std::nullopt;
  return db_.with([&](sql::Connection& db) -> std::optional<std::uint64_t> {
    auto r = storage::select(db,
                             "SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at IS NULL "
                             "AND expires_at > UTC_TIMESTAMP()",
                             sha256_hex(token));
    if (!r->next()) return std::nullopt;
    return r->getUInt64(1);
  });
}

void password_reset_service::complete(const std::string& token, const std::string& new_password) {
  const auto user_id = holder(token);
  if (!user_id) throw conflict("errors.reset_link_invalid");
  const auto person = users_.find(*user_id);
  if (!person) throw conflict("errors.reset_link_invalid");
  const auto hash = users_.new_password_hash(person->username, new_password);  // the rules, before the link is spent
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      if (storage::change(db,
                          "UPDATE password_resets SET used_at = UTC_TIMESTAMP() WHERE token_hash = ? AND "
                          "used_at IS NULL AND expires_at > UTC_TIMESTAMP()",
                          sha256_hex(token)) == 0)
        throw conflict("errors.reset_link_invalid");  // spent meanwhile
      storage::change(db, "UPDATE password_resets SET used_at = UTC_TIMESTAMP() WHERE user_id = ? AND used_at IS NULL",
                      *user_id);
      storage::change(db, "UPDATE users SET password_hash = ?, temporary_password_until = NULL WHERE id = ?", hash,
                      *user_id);
    });
  });
  sessions_.destroy_all(*user_id);  // whoever knew the old password is signed out
}

void password_reset_service::propose_address(const user_record& person, const std::string& email,
                                             const composer& compose) {
  if (!mail::plausible_address(email)) throw invalid("errors.email_invalid", "email");
  if (!enabled()) return;
  const auto token = random_token();
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      storage::select(db, "SELECT id FROM users WHERE id = ? FOR UPDATE", person.id);
      auto recent = storage::select(db,
                                    "SELECT COUNT(*) FROM email_confirmations WHERE user_id = ? AND "
                                    "created_at > UTC_TIMESTAMP() - INTERVAL 1 HOUR",
                                    person.id);
      if (recent->next() && recent->getInt(1) >= links_per_hour) return;
      storage::change(db,
                      "INSERT INTO email_confirmations (token_hash, user_id, email, created_at, expires_at) VALUES "
                      "(?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP() + INTERVAL 1 DAY)",
                      sha256_hex(token), person.id, email);
      auto message = compose(person, token);
      message.to = email;  // the new address, never the old one
      mail::queue(db, message);
    });
  });
}

void password_reset_service::confirm_address(const std::string& token) {
  if (token.size() != 43) throw conflict("errors.confirm_link_invalid");
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      auto r =
          storage::select(db,
                          "SELECT user_id, email FROM email_confirmations WHERE token_hash = ? AND used_at IS NULL "
                          "AND expires_at > UTC_TIMESTAMP() FOR UPDATE",
                          sha256_hex(token));
      if (!r->next()) throw conflict("errors.confirm_link_invalid");
      const auto user_id = r->getUInt64("user_id");
      const auto email = storage::text(r, "email");
      if (storage::select(db, "SELECT 1 FROM users WHERE email = ? AND id <> ?", email, user_id)->next())
        throw conflict("errors.email_taken");
      storage::change(db, "UPDATE email_confirmations SET used_at = UTC_TIMESTAMP() WHERE token_hash = ?",
                      sha256_hex(token));
      storage::change(db, "UPDATE users SET email = ? WHERE id = ?", email, user_id);
      // Links already mailed to the old address stop working.
      storage::change(db, "UPDATE password_resets SET used_at = UTC_TIMESTAMP() WHERE user_id = ? AND used_at IS NULL",
                      user_id);
    });
  });
}

}  // namespace lifelong::services
