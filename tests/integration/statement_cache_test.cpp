// Prepared statements kept per pooled connection, counted by MariaDB itself
// (Com_stmt_prepare, per session).
#include <gtest/gtest.h>

#include "common/mysql_pool.hpp"
#include "env.hpp"
#include "storage/sql.hpp"

using namespace lifelong;

namespace {
long prepares_so_far(sql::Connection& db) {
  std::unique_ptr<sql::Statement> st(db.createStatement());
  storage::rows r(st->executeQuery("SHOW SESSION STATUS LIKE 'Com_stmt_prepare'"));
  r->next();
  return std::stol(std::string(r->getString(2)));
}
long echo(sql::Connection& db, long n) {
  auto r = storage::select(db, "SELECT ? + 0 AS n", n);
  r->next();
  return r->getInt64("n");
}
}  // namespace

TEST(StatementCache, APooledConnectionPreparesAQueryOnceAndBindsItAfresh) {
  auto cfg = test_env::integration_config();
  cfg.mysql.pool_size = 1;  // every with() gets the same connection
  mysql_pool pool(cfg.mysql);
  pool.with([](sql::Connection& db) {
    const auto before = prepares_so_far(db);
    EXPECT_EQ(echo(db, 1), 1);
    EXPECT_EQ(echo(db, 2), 2);
    EXPECT_EQ(echo(db, 3), 3);
    EXPECT_EQ(prepares_so_far(db) - before, 1);
  });
  pool.with([](sql::Connection& db) {  // lent again: still kept
    const auto before = prepares_so_far(db);
    EXPECT_EQ(echo(db, 4), 4);
    EXPECT_EQ(prepares_so_far(db) - before, 0);
  });
}

TEST(StatementCache, AtMostSoManyPerConnectionTheLeastRecentlyUsedClosedFirst) {
  auto cfg = test_env::integration_config();
  cfg.mysql.pool_size = 1;
  mysql_pool pool(cfg.mysql);
  pool.with([](sql::Connection& db) {
    echo(db, 0);
    for (std::size_t i = 0; i < statement_cache::max_per_connection; ++i) {
      const auto text = "SELECT " + std::to_string(i) + " AS other";
      storage::select(db, text.c_str());
    }
    const auto before = prepares_so_far(db);
    EXPECT_EQ(echo(db, 5), 5);  // pushed out by the others: prepared again
    EXPECT_EQ(prepares_so_far(db) - before, 1);
    storage::select(db, "SELECT 63 AS other");  // the most recent of them: still kept
    EXPECT_EQ(prepares_so_far(db) - before, 1);
  });
}

TEST(StatementCache, ConnectionsOutsideThePoolKeepNothing) {
  mysql_pool pool(test_env::integration_config().mysql);
  auto db = pool.connect();  // as tools and migrations use
  const auto before = prepares_so_far(*db);
  echo(*db, 1);
  echo(*db, 2);
  EXPECT_EQ(prepares_so_far(*db) - before, 2);
}

TEST(StatementCache, AConnectionDroppedAfterAnErrorComesBackFresh) {
  auto cfg = test_env::integration_config();
  cfg.mysql.pool_size = 1;
  mysql_pool pool(cfg.mysql);
  EXPECT_THROW(pool.with([](sql::Connection& db) {
    echo(db, 1);
    storage::select(db, "SELECT * FROM no_such_table");
  }),
               sql::SQLException);
  pool.with([](sql::Connection& db) {  // a new connection: its first use prepares
    const auto before = prepares_so_far(db);
    EXPECT_EQ(echo(db, 7), 7);
    EXPECT_EQ(prepares_so_far(db) - before, 1);
  });
}

// Connections used a moment ago are lent without a ping, unless one failed since: a
// database restart then costs one failed request, not one per pooled connection.
TEST(MysqlPool, AfterOneConnectionFailsTheIdleOnesAreCheckedBeforeTheyAreLent) {
  auto cfg = test_env::integration_config();
  cfg.mysql.pool_size = 2;
  mysql_pool pool(cfg.mysql);
  auto id_of = [](sql::Connection& db) {
    auto r = storage::select(db, "SELECT CONNECTION_ID()");
    r->next();
    return r->getUInt64(1);
  };
  std::uint64_t first = 0, second = 0;
  pool.with([&](sql::Connection& a) {
    first = id_of(a);
    pool.with([&](sql::Connection& b) { second = id_of(b); });  // two idle connections after this
  });
  auto admin = pool.connect();
  for (const auto id : {first, second})  // as a restart would
    std::unique_ptr<sql::Statement>(admin->createStatement())->execute("KILL CONNECTION " + std::to_string(id));
  EXPECT_THROW(pool.with([&](sql::Connection& db) { id_of(db); }), sql::SQLException);  // trusted, and gone
  std::uint64_t fresh = 0;
  EXPECT_NO_THROW(pool.with([&](sql::Connection& db) { fresh = id_of(db); }));  // asked first, then replaced
  EXPECT_NE(fresh, first);
  EXPECT_NE(fresh, second);
}
