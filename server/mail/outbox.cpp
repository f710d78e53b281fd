#include "outbox.hpp"

#include <spdlog/spdlog.h>

#include "storage/sql.hpp"

namespace lifelong::mail {
namespace {
constexpr const char* lock_name = "lifelong_mail_delivery";
// A message the server refused this many times is given up (logged): one bad address
// must not hold back everyone else's mail for ever.
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
        const auto error =
            send(s, {storage::text(r, "recipient"), storage::text(r, "subject"), storage::text(r, "body")});
        if (!error) {
          storage::change(db, "DELETE FROM mail_outbox WHERE id = ?", id);
          ++d.sent;
          continue;
        }
        if (r->getInt("attempts") + 1 >= most_attempts) {
          spdlog::warn("mail: gave up message {} after {} attempts: {}", id, most_attempts, *error);
          storage::change(db, "DELETE FROM mail_outbox WHERE id = ?", id);
        } else {
          storage::change(db, "UPDATE mail_outbox SET attempts = attempts + 1, last_error = LEFT(?, 255) WHERE id = ?",
                          *error, id);
        }
        d.failed = true;
        d.error = *error;
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
