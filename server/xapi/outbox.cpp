#include "outbox.hpp"

#include "lrs_client.hpp"
#include "storage/sql.hpp"

namespace lifelong::xapi {

void outbox::add(sql::Connection& db, const nlohmann::json& statement) const {
  if (!enabled_) return;
  auto st = storage::prepare(db, "INSERT INTO xapi_outbox (statement_id, statement) VALUES (?, ?)");
  st->setString(1, statement.at("id").get<std::string>());
  st->setString(2, statement.dump());
  st->execute();
}

delivery deliver_waiting(mysql_pool& pool, const xapi_settings& lrs, int limit) {
  return pool.with([&](sql::Connection& db) {
    delivery d;
    auto lock = storage::select(db, "SELECT GET_LOCK('lifelong_xapi_delivery', 0)");
    if (!lock->next() || lock->getInt(1) != 1) {
      d.busy = true;
      return d;
    }
    try {
      auto next = storage::prepare(db, "SELECT id, statement_id, statement FROM xapi_outbox WHERE sent_at IS NULL "
                                       "ORDER BY id LIMIT ?");
      next->setInt(1, limit);
      storage::rows r(next->executeQuery());
      auto sent = storage::prepare(db, "UPDATE xapi_outbox SET sent_at = UTC_TIMESTAMP() WHERE id = ?");
      auto refused = storage::prepare(
          db, "UPDATE xapi_outbox SET attempts = attempts + 1, last_error = LEFT(?, 255) WHERE id = ?");
      while (r->next()) {
        const auto id = r->getUInt64("id");
        std::string error;
        try {
          const int status = put_statement(lrs, storage::text(r, "statement_id"), storage::text(r, "statement"));
          // 409: the LRS already holds a statement with this id (ours: ids are random).
          if ((status >= 200 && status < 300) || status == 409) {
            sent->setUInt64(1, id);
            sent->execute();
            ++d.sent;
            continue;
          }
          error = "LRS answered " + std::to_string(status);
        } catch (const std::exception& e) {
          error = e.what();
        }
        refused->setString(1, error);
        refused->setUInt64(2, id);
        refused->execute();
        d.failed = true;
        d.error = error;
        break;
      }
    } catch (...) {
      storage::prepare(db, "DO RELEASE_LOCK('lifelong_xapi_delivery')")->execute();
      throw;
    }
    storage::prepare(db, "DO RELEASE_LOCK('lifelong_xapi_delivery')")->execute();
    return d;
  });
}

int waiting_count(mysql_pool& pool) {
  return pool.with([&](sql::Connection& db) {
    auto r = storage::select(db, "SELECT COUNT(*) FROM xapi_outbox WHERE sent_at IS NULL");
    r->next();
    return r->getInt(1);
  });
}

}  // namespace lifelong::xapi
