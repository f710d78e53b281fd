#pragma once
// Small helpers over Connector/C++'s JDBC-style API.
#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "common/statement_cache.hpp"

namespace lifelong::storage {

// On a pooled connection, a statement goes back to the connection's cache when it is
// done (common/statement_cache.hpp): the next use of the same query skips the prepare.
using statement = statement_cache::statement;
using rows = std::unique_ptr<sql::ResultSet>;

inline statement prepare(sql::Connection& db, const char* text) {
  return statement_cache::prepare(db, text);
}

// Binds each argument to the next placeholder by its type: whole numbers, doubles,
// strings, bools, and std::optional of those (empty: NULL).
namespace detail {
inline void bind_one(sql::PreparedStatement& st, int i, const std::string& v) {
  st.setString(i, v);
}
inline void bind_one(sql::PreparedStatement& st, int i, const char* v) {
  st.setString(i, v);
}
inline void bind_one(sql::PreparedStatement& st, int i, bool v) {
  st.setBoolean(i, v);
}
inline void bind_one(sql::PreparedStatement& st, int i, double v) {
  st.setDouble(i, v);
}
template <class T>
requires std::is_integral_v<T>
void bind_one(sql::PreparedStatement& st, int i, T v) {
  if constexpr (std::is_signed_v<T>)
    st.setInt64(i, v);
  else
    st.setUInt64(i, v);
}
template <class T>
void bind_one(sql::PreparedStatement& st, int i, const std::optional<T>& v) {
  if (v)
    bind_one(st, i, *v);
  else
    st.setNull(i, 0);
}
}  // namespace detail

template <class... Args>
void bind(sql::PreparedStatement& st, const Args&... args) {
  [[maybe_unused]] int i = 0;  // a statement may have no placeholders
  (detail::bind_one(st, ++i, args), ...);
}

// A named query, prepared and bound in one step.
template <class... Args>
statement bound(sql::Connection& db, const char* text, const Args&... args) {
  auto st = prepare(db, text);
  bind(*st, args...);
  return st;
}

// A query's rows together with the statement they are read through: the statement must
// outlive its result set, so the two live and die together (rows first).
class result {
 public:
  explicit result(statement st) : statement_(std::move(st)), rows_(statement_->executeQuery()) {}
  sql::ResultSet* operator->() const { return rows_.get(); }
  sql::ResultSet& operator*() const { return *rows_; }

 private:
  statement statement_;
  rows rows_;
};

// Its rows (a SELECT), or how many rows it changed (anything else).
template <class... Args>
result select(sql::Connection& db, const char* text, const Args&... args) {
  return result(bound(db, text, args...));
}
template <class... Args>
int change(sql::Connection& db, const char* text, const Args&... args) {
  return bound(db, text, args...)->executeUpdate();
}

inline std::uint64_t last_insert_id(sql::Connection& db) {
  std::unique_ptr<sql::Statement> st(db.createStatement());
  rows r(st->executeQuery("SELECT LAST_INSERT_ID()"));
  r->next();
  return r->getUInt64(1);
}

template <class Rows>  // storage::rows or storage::result
std::string text(const Rows& r, const char* column) {
  return std::string(r->getString(column));
}
template <class Rows>
std::string text(const Rows& r, int column) {  // 1 for the first
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

// in_transaction at READ COMMITTED, for a transaction that serialises itself on a row
// lock of its own: its locking reads of rows not yet there take no gap lock, so two
// people inserting side by side (their first report on one course) do not deadlock.
// The binary log must then be ROW or MIXED (MariaDB's default), never STATEMENT.
template <class Fn>
auto in_read_committed_transaction(sql::Connection& db, Fn&& fn) {
  std::unique_ptr<sql::Statement>(db.createStatement())->execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED");
  return in_transaction(db, std::forward<Fn>(fn));
}

}  // namespace lifelong::storage
