#pragma once
// The xAPI outbox: statements are written in the same transaction as the learning they
// describe (so none is lost, and none describes something rolled back), then delivered
// to the LRS one at a time in the order written. A statement the LRS did not accept
// stays, and the next round starts again from it: in order, and once (the LRS keeps one
// copy per statement id even if an answer was lost and it is sent again).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "common/config.hpp"
#include "common/mysql_pool.hpp"
#include "common/outbox_delivery.hpp"
#include "statements.hpp"

namespace lifelong::xapi {

class outbox {
 public:
  explicit outbox(const xapi_settings& s) : enabled_(s.enabled()), maker_(s.activity_base) {}

  bool enabled() const { return enabled_; }
  const statement_maker& make() const { return maker_; }
  // Inside the caller's transaction; nothing when export is off.
  void add(sql::Connection& db, const nlohmann::json& statement) const;

 private:
  bool enabled_;
  statement_maker maker_;
};

using delivery = outbox_delivery;

// Delivers up to `limit` waiting statements, oldest first, stopping at the first the
// LRS does not accept. One deliverer at a time across processes (a MariaDB named lock).
delivery deliver_waiting(mysql_pool& pool, const xapi_settings& lrs, int limit = 100);

// Statements not yet delivered.
int waiting_count(mysql_pool& pool);

}  // namespace lifelong::xapi
