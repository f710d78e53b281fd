#pragma once
// Small helpers over Connector/C++'s JDBC-style API.
#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lifelong::storage {

using statement = std::unique_ptr<sql::PreparedStatement>;
using rows = std::unique_ptr<sql::ResultSet>;

inline statement prepare(sql::Connection& db, const char* text) {
  return statement(db.prepareStatement(text));
}

inline std::uint64_t last_insert_id(sql::Connection& db) {
  std::unique_ptr<sql::Statement> st(db.createStatement());
  rows r(st->executeQuery("SELECT LAST_INSERT_ID()"));
  r->next();
  return r->getUInt64(1);
}

inline std::string text(const rows& r, const char* column) {
  return std::string(r->getString(column));
}
inline std::string text(const rows& r, int column) {  // 1 for the first
  return std::string(r->getString(column));
}

// What a refused statement means for the data: the two errors services turn into a
// person's message (a name taken, a unit that does not exist).
inline bool is_duplicate_key(const sql::SQLException& e) {
  return e.getErrorCode() == 1062;  // ER_DUP_ENTRY
}
inline bool is_missing_reference(const sql::SQLException& e) {
  return e.getErrorCode() == 1452;  // ER_NO_REFERENCED_ROW_2: a foreign key points nowhere
}

// "1,2,3" for an IN (...) list: numbers only, so safe to write into a query.
inline std::string id_list(const std::vector<std::uint64_t>& ids) {
  std::string out;
  for (const auto id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

// Runs fn inside a transaction; rolls back on any exception.
template <class Fn>
auto in_transaction(sql::Connection& db, Fn&& fn) {
  db.setAutoCommit(false);
  try {
    if constexpr (std::is_void_v<decltype(fn())>) {
      fn();
      db.commit();
      db.setAutoCommit(true);
    } else {
      auto r = fn();
      db.commit();
      db.setAutoCommit(true);
      return r;
    }
  } catch (...) {
    db.rollback();
    db.setAutoCommit(true);
    throw;
  }
}

}  // namespace lifelong::storage
