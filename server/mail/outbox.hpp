#pragma once
// Mail waits in the outbox (mail_outbox) from the transaction that wrote it until the
// SMTP server has taken it: nothing is lost while the server is away, and nothing is sent
// for something rolled back. A sent message is deleted, since its body may hold a secret
// link. One deliverer at a time across servers (a MariaDB named lock), oldest first.
#include <cppconn/connection.h>

#include "common/config.hpp"
#include "common/mysql_pool.hpp"
#include "common/outbox_delivery.hpp"
#include "smtp_client.hpp"

namespace lifelong::mail {

// Inside the caller's transaction.
void queue(sql::Connection& db, const message& m);

using delivery = outbox_delivery;

// Sends up to `limit` waiting messages, stopping at the first the server does not take.
delivery deliver_waiting(mysql_pool& pool, const mail_settings& s, int limit = 50);

int waiting_count(mysql_pool& pool);

}  // namespace lifelong::mail
