#include "outbox.hpp"

#include <spdlog/spdlog.h>

#include "storage/sql.hpp"

namespace lifelong::mail {
namespace {
constexpr const char* lock_name = "lifelong_mail_delivery";
// A message that failed this many times is given up (logged), as is one refused with a
// 5xx: one bad address must not hold back everyone else's mail.
constexpr int most_attempts = 20;
}  // namespace

void queue(sql::Connection& db, const message& m) {
  storage::change(db, "INSERT INTO mail_outbox (recipient, subject, body) VALUES (?, ?, ?)", m.to, m.subject, m.body);
}

delivery deliver_waiting(mysql_pool& pool, const mail_settings& s, int limit) {
  return pool.with([&](sql::Connection& db) {
    delivery d;
    auto lock = storage::select(db, "SELECT GET_LOCK(?, 0)", std::string(lock_name));
    if (!lock->next() || lock->getInt(1) != 1) {
      d.busy = true;
      return d;
    }
    try {
      auto r = storage::select(db, "SELECT id, recipient, subject, body, attempts FROM mail_outbox ORDER BY id LIMIT ?",
                               limit);
      while (r->next()) {
        const auto id = r->getUInt64("id");
        const auto refused =
            send(s, {storage::text(r, "recipient"), storage::text(r, "subject"), storage::text(r, "body")});
        if (!refused) {
          storage::change(db, "DELETE FROM mail_outbox WHERE id = ?", id);
          ++d.sent;
          continue;
        }
        // Refused for good (or too often): dropped, so it holds no one else's mail back.
        if (refused->permanent || r->getInt("attempts") + 1 >= most_attempts) {
          spdlog::warn("mail: gave up message {}: {}", id, refused->reason);
          storage::change(db, "DELETE FROM mail_outbox WHERE id = ?", id);
          continue;
        }
        storage::change(db, "UPDATE mail_outbox SET attempts = attempts + 1, last_error = LEFT(?, 255) WHERE id = ?",
                        refused->reason, id);
        d.failed = true;  // the server is away or busy: the rest waits for the next round
        d.error = refused->reason;
        break;
      }
    } catch (...) {
      storage::select(db, "SELECT RELEASE_LOCK(?)", std::string(lock_name));
      throw;
    }
    storage::select(db, "SELECT RELEASE_LOCK(?)", std::string(lock_name));
    return d;
  });
}

int waiting_count(mysql_pool& pool) {
  return pool.with([&](sql::Connection& db) {
    auto r = storage::select(db, "SELECT COUNT(*) FROM mail_outbox");
    r->next();
    return r->getInt(1);
  });
}

}  // namespace lifelong::mail
