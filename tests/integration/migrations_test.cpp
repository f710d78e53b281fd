// lifelong-admin migrate's engine against the real MariaDB: a file that fails midway is
// taken up again where it stopped, and a statement may outlast a request's timeout.
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <fstream>

#include "common/migrations.hpp"
#include "common/mysql_pool.hpp"
#include "env.hpp"

using namespace lifelong;

namespace {

// Versions far above the project's own, removed before and after each test.
constexpr int first_test_version = 9000;

class Migrations : public ::testing::Test {
 protected:
  void SetUp() override { forget_test_versions(); }
  void TearDown() override {
    forget_test_versions();
    run("DROP TABLE IF EXISTS " + table);
  }

  void run(const std::string& sql) {
    std::unique_ptr<sql::Statement> st(conn->createStatement());
    st->execute(sql);
  }
  std::string scalar(const std::string& sql) {
    std::unique_ptr<sql::Statement> st(conn->createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery(sql));
    return rs->next() ? std::string(rs->getString(1)) : std::string("(none)");
  }
  void forget_test_versions() {
    run("DELETE FROM schema_migrations WHERE version >= " + std::to_string(first_test_version));
    run("CREATE TABLE IF NOT EXISTS schema_migration_steps (version INT NOT NULL, step INT NOT NULL, "
        "done_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (version, step))");
    run("DELETE FROM schema_migration_steps WHERE version >= " + std::to_string(first_test_version));
  }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir / name) << text; }

  config cfg = test_env::integration_config();
  mysql_pool pool{cfg.mysql};
  std::unique_ptr<sql::Connection> conn = pool.connect_for_migrations();
  std::filesystem::path dir = test_env::fresh_dir("schema");
  std::string table = test_env::unique_name("mig");
};

TEST_F(Migrations, OneThatFailsMidwayIsTakenUpAgainAtTheStatementThatFailed) {
  write("9001_make.sql", "CREATE TABLE " + table +
                             " (id INT PRIMARY KEY, code VARCHAR(10)) ENGINE=InnoDB;\n"
                             "INSERT INTO " +
                             table + " VALUES (1, 'a'), (2, 'a');\n");
  // Step 3 meets the duplicate codes; steps 1 and 2 would fail or do their work twice
  // if a re-run started from the top.
  write("9002_unique.sql", "ALTER TABLE " + table + " ADD COLUMN note VARCHAR(20) NULL;\n" + "UPDATE " + table +
                               " SET note = CONCAT(COALESCE(note, ''), 'x');\n" + "ALTER TABLE " + table +
                               " ADD UNIQUE KEY one_code (code);\n" + "UPDATE " + table +
                               " SET note = CONCAT(note, 'y');\n");
  std::vector<std::string> said;
  auto say = [&](const std::string& line) { said.push_back(line); };

  try {
    apply_migrations(*conn, dir.string(), say);
    FAIL() << "the duplicate codes should have stopped the migration";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("9002_unique.sql"), std::string::npos) << what;
    EXPECT_NE(what.find("statement 3/4"), std::string::npos) << what;
    EXPECT_NE(what.find("run migrate again"), std::string::npos) << what;
  }
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations WHERE version = 9001"), "1");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations WHERE version = 9002"), "0");
  EXPECT_EQ(scalar("SELECT GROUP_CONCAT(step ORDER BY step) FROM schema_migration_steps WHERE version = 9002"), "1,2");
  EXPECT_EQ(scalar("SELECT note FROM " + table + " WHERE id = 1"), "x");

  run("UPDATE " + table + " SET code = 'b' WHERE id = 2");  // the operator fixes the data
  said.clear();
  EXPECT_EQ(apply_migrations(*conn, dir.string(), say), std::vector<int>{9002});
  EXPECT_EQ(scalar("SELECT GROUP_CONCAT(note ORDER BY id) FROM " + table), "xy,xy");  // each step once
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND "
                   "table_name = '" +
                   table + "' AND index_name = 'one_code'"),
            "1");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migration_steps WHERE version = 9002"), "0");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations WHERE version = 9002"), "1");
  // The operator was told what happened.
  ASSERT_GE(said.size(), 4u);
  EXPECT_EQ(said[0], "9002_unique.sql: 4 statement(s)");
  EXPECT_EQ(said[1], "  1/4 done before, skipped");
  EXPECT_EQ(said[2], "  2/4 done before, skipped");
  EXPECT_NE(said[3].find("3/4 ALTER TABLE"), std::string::npos) << said[3];
  EXPECT_TRUE(apply_migrations(*conn, dir.string(), say).empty());
}

TEST_F(Migrations, AStatementMayOutlastARequestsReadTimeout) {
  auto short_cfg = cfg;
  short_cfg.mysql.read_timeout_seconds = 1;
  mysql_pool short_pool{short_cfg.mysql};
  {
    auto request_conn = short_pool.connect();
    std::unique_ptr<sql::Statement> st(request_conn->createStatement());
    EXPECT_ANY_THROW(st->execute("DO SLEEP(4)"));  // a request gives up on a stuck statement
  }
  write("9003_slow.sql", "DO SLEEP(4);\n");
  auto migrate_conn = short_pool.connect_for_migrations();
  EXPECT_EQ(apply_migrations(*migrate_conn, dir.string()), std::vector<int>{9003});
}

}  // namespace
