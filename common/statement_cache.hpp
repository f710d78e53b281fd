#pragma once
// Prepared statements kept per pooled connection, so a query the server runs again and
// again costs one round trip (execute) instead of three (prepare, execute, close).
// Keyed by the query's text; at most max_per_connection per connection, the least
// recently used closed first. Only connections the pool registers keep statements:
// those of tools and migrations are closed after use as before.
#include <memory>
#include <string>

namespace sql {
class Connection;
class PreparedStatement;
}  // namespace sql

namespace lifelong::statement_cache {

inline constexpr std::size_t max_per_connection = 64;

// Gives the statement back to its connection's cache when it is done.
struct give_back {
  sql::Connection* connection = nullptr;
  std::string text;
  void operator()(sql::PreparedStatement* st) const;
};
using statement = std::unique_ptr<sql::PreparedStatement, give_back>;

// A kept statement for this text on this connection (its parameters cleared), or a new one.
statement prepare(sql::Connection& c, const char* text);

// The pool's side: a connection starts and stops keeping statements. forget closes
// them, and must come before the connection closes.
void keep_for(sql::Connection& c);
void forget(sql::Connection& c);

}  // namespace lifelong::statement_cache
