// lifelong-admin migrate's engine against the real MariaDB: a file that fails midway is
// taken up again where it stopped, and a statement may outlast a request's timeout.
#include <cppconn/connection.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "common/migrations.hpp"
#include "common/mysql_pool.hpp"
#include "env.hpp"

using namespace lifelong;

namespace {

// Versions far above the project's own, each test's its own (tests run at the same
// time), removed before they are written and after the test.
class Migrations : public ::testing::Test {
 protected:
  void TearDown() override {
    for (int v : versions) forget(v);
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
  void forget(int version) {
    run("DELETE FROM schema_migrations WHERE version = " + std::to_string(version));
    run("CREATE TABLE IF NOT EXISTS schema_migration_steps (version INT NOT NULL, step INT NOT NULL, "
        "done_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (version, step))");
    run("DELETE FROM schema_migration_steps WHERE version = " + std::to_string(version));
  }
  void write(const std::string& name, const std::string& text) {
    const int version = std::stoi(name);
    if (versions.insert(version).second) forget(version);
    std::ofstream(dir / name) << text;
  }

  config cfg = test_env::integration_config();
  mysql_pool pool{cfg.mysql};
  std::unique_ptr<sql::Connection> conn = pool.connect_for_migrations();
  std::filesystem::path dir = test_env::fresh_dir("schema");
  std::string table = test_env::unique_name("mig");
  std::set<int> versions;
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

// A file edited between a failure and the next run (a hotfix to a statement, or lines
// moved) would have its recorded step numbers point at other statements: refused, with
// what to do, instead of skipping a statement that never ran.
TEST_F(Migrations, AFileChangedAfterItsFirstStepsRanIsRefused) {
  write("9004_rows.sql", "CREATE TABLE " + table + " (id INT PRIMARY KEY) ENGINE=InnoDB;\n" + "INSERT INTO " + table +
                             " VALUES (1);\n" + "INSERT INTO " + table + " VALUES (1);\n");
  EXPECT_THROW(apply_migrations(*conn, dir.string()), std::runtime_error);  // step 3: duplicate key
  write("9004_rows.sql", "CREATE TABLE " + table + " (id INT PRIMARY KEY) ENGINE=InnoDB;\n" + "INSERT INTO " + table +
                             " VALUES (2);\n" + "INSERT INTO " + table + " VALUES (3);\n");
  try {
    apply_migrations(*conn, dir.string());
    FAIL() << "statement 2 changed after it ran, and the run went on";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("statement 2/3"), std::string::npos) << what;
    EXPECT_NE(what.find("different text"), std::string::npos) << what;
  }
  EXPECT_EQ(scalar("SELECT GROUP_CONCAT(id ORDER BY id) FROM " + table), "1");
  EXPECT_EQ(scalar("SELECT COUNT(*) FROM schema_migrations WHERE version = 9004"), "0");
}

// The server and the transcoder check at start that every migration of their release is
// applied (require_schema), so an upgrade whose migrate did not finish stops them with
// the command to run, instead of running them on an older schema.
TEST_F(Migrations, AProcessRefusesADatabaseThatLacksOneOfItsMigrations) {
  std::size_t files = 0;
  for (const auto& f : std::filesystem::directory_iterator(LIFELONG_SOURCE_DIR "/config/schema"))
    files += f.path().extension() == ".sql";
  EXPECT_EQ(schema_versions_built_for().size(), files);
  EXPECT_TRUE(missing_migrations(*conn, schema_versions_built_for()).empty());
  EXPECT_NO_THROW(require_schema(*conn));
  try {
    require_schema(*conn, {1, 8999});
    FAIL() << "8999 was never applied";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("8999"), std::string::npos) << what;
    EXPECT_NE(what.find("lifelong-admin migrate"), std::string::npos) << what;
  }
}

}  // namespace
