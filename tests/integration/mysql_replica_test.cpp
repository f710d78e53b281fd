// A MariaDB replica with real GTID replication: the catalog is read from it while it
// keeps up; a person who has just changed something, a cache stamp that has just moved,
// a stopped SQL thread and a replica lagging past its bound all send the reads to the
// primary, and they come back when it catches up. The replica is told from the primary
// by a title changed on the replica alone.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "env.hpp"
#include "http_client.hpp"
#include "processes.hpp"

using namespace lifelong::test_env;

namespace {

constexpr unsigned short primary_port = 18301, redis_port = 18303, server_port = 18306;
const std::string scripts = "bash " LIFELONG_SOURCE_DIR "/tests/integration/";
const std::string primary_title = "主库上的标题", replica_title = "副本上的标题";

struct replica_site {
  std::filesystem::path dir = fresh_dir("replica");
  std::string root_pw = unique_name("root"), app_pw = unique_name("app"), redis_pw = unique_name("redis");
  pid_t server = -1;

  // As root on the primary or the replica (root may write on a read-only replica).
  int sql(const std::string& where, const std::string& statements) const {
    return shell("printf '%s\\n' \"" + statements + "\" | " + scripts + "mysql_replica.sh " + where + " '" +
                 dir.string() + "' " + root_pw + " >/dev/null");
  }
  std::string sql_output(const std::string& where, const std::string& statements) const {
    return shell_output("printf '%s\\n' \"" + statements + "\" | " + scripts + "mysql_replica.sh " + where + " '" +
                        dir.string() + "' " + root_pw);
  }
  // The daemons outlive the test binary: stopped however the test ends.
  ~replica_site() {
    if (server > 0) {
      kill(server, SIGKILL);
      wait_exit(server, 10);
    }
    shell(scripts + "private_redis.sh stop '" + (dir / "redis").string() + "'");
    shell(scripts + "mysql_replica.sh stop '" + dir.string() + "'");
  }
};

// The one course's title as the catalog shows it, to a visitor carrying `cookie`.
std::string catalog_title(const std::string& cookie = "") {
  const auto got =
      request(server_port, "GET", "/api/v1/courses", "", cookie.empty() ? "" : "Cookie: " + cookie + "\r\n");
  if (got.status != 200) return "status " + std::to_string(got.status);
  const auto list = nlohmann::json::parse(got.body)["courses"];
  return list.size() == 1 ? list[0]["title"].get<std::string>() : "courses: " + std::to_string(list.size());
}

// Asks until the catalog shows `title`; bounded: 20 s.
bool catalog_turns_to(const std::string& title) {
  for (int i = 0; i < 200; ++i) {
    if (catalog_title() == title) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// "name=value" of the reply's Set-Cookie for `name`, or empty.
std::string cookie_set(const http_result& reply, const std::string& name) {
  for (auto [it, end] = reply.headers.equal_range("set-cookie"); it != end; ++it)
    if (it->second.rfind(name + "=", 0) == 0) return it->second.substr(0, it->second.find(';'));
  return "";
}

double metric(const std::string& name) {
  const auto body = request(server_port, "GET", "/metrics").body;
  const auto at = body.find("\n" + name + " ");
  return at == std::string::npos ? -1 : std::stod(body.substr(at + name.size() + 2));
}

}  // namespace

TEST(MysqlReplica, MayBeOldReadsGoToTheReplicaUntilItStopsOrLagsAndAPersonSeesTheirOwnChanges) {
  replica_site site;
  ASSERT_EQ(shell(scripts + "mysql_replica.sh start '" + site.dir.string() + "' " + std::to_string(primary_port) + " " +
                  site.root_pw + " " + site.app_pw + " lifelong_replicated"),
            0);
  ASSERT_EQ(shell(scripts + "private_redis.sh start '" + (site.dir / "redis").string() + "' " +
                  std::to_string(redis_port) + " " + site.redis_pw),
            0);
  const std::string env =
      "LIFELONG_MYSQL_PORT=" + std::to_string(primary_port) + " LIFELONG_MYSQL_PASSWORD=" + site.app_pw +
      " LIFELONG_MYSQL_DATABASE=lifelong_replicated LIFELONG_SCHEMA_DIR=" LIFELONG_SOURCE_DIR "/config/schema";
  ASSERT_EQ(shell(env + " " LIFELONG_ADMIN_BINARY " --config " LIFELONG_SOURCE_DIR "/config/lifelong.toml migrate >'" +
                  (site.dir / "migrate.log").string() + "' 2>&1"),
            0);
  // One published course, written on the primary (replicated like everything else).
  ASSERT_EQ(
      site.sql("primary",
               "USE lifelong_replicated; "
               "INSERT INTO users (username, display_name, password_hash) VALUES ('replica_teacher', '老师', 'x'); "
               "INSERT INTO courses (title, summary, category_code, teacher_id, status) SELECT '" +
                   primary_title +
                   "', '', (SELECT MIN(code) FROM categories), id, 'published' FROM users "
                   "WHERE username = 'replica_teacher';"),
      0);

  site.server = start_server(server_port,
                             {{"LIFELONG_MYSQL_PORT", std::to_string(primary_port)},
                              {"LIFELONG_MYSQL_PASSWORD", site.app_pw},
                              {"LIFELONG_MYSQL_DATABASE", "lifelong_replicated"},
                              {"LIFELONG_MYSQL_REPLICA_HOST", "127.0.0.1"},
                              {"LIFELONG_MYSQL_REPLICA_PORT", std::to_string(primary_port + 1)},
                              {"LIFELONG_MYSQL_REPLICA_MAX_LAG_SECONDS", "1"},
                              {"LIFELONG_REDIS_PORT", std::to_string(redis_port)},
                              {"LIFELONG_REDIS_PASSWORD", site.redis_pw},
                              {"LIFELONG_MEDIA_DIR", (site.dir / "media").string()}},
                             (site.dir / "server.log").string());
  ASSERT_GT(site.server, 0);

  // The replica alone gets another title: the catalog shows it once it reads there.
  ASSERT_EQ(site.sql("replica", "UPDATE lifelong_replicated.courses SET title = '" + replica_title + "';"), 0);
  ASSERT_TRUE(catalog_turns_to(replica_title)) << "the catalog never read the replica: " << catalog_title();
  EXPECT_EQ(metric("lifelong_mysql_replica_in_use"), 1);

  // A person who has just changed something (here: signed up) reads the primary, on any
  // server: the cookie says until when; everyone else still reads the replica.
  const auto username = unique_name("r");
  const auto made =
      request(server_port, "POST", "/api/v1/users",
              nlohmann::json{{"username", username}, {"display_name", "居民"}, {"password", "a long password"}}.dump(),
              "Content-Type: application/json\r\n");
  ASSERT_EQ(made.status, 201) << made.body;
  const auto fresh = cookie_set(made, "ll_fresh");
  ASSERT_FALSE(fresh.empty()) << "a change did not mark its author's reads for the primary";
  EXPECT_EQ(catalog_title(fresh), primary_title);
  EXPECT_EQ(catalog_title(), replica_title);
  EXPECT_EQ(catalog_title("ll_fresh=1"), replica_title) << "a long-past mark still sends reads to the primary";

  // The operator's page says the replica is in use, and later why it is not.
  const auto id = nlohmann::json::parse(made.body)["id"].get<std::uint64_t>();
  ASSERT_EQ(site.sql("primary", "INSERT INTO lifelong_replicated.user_roles (user_id, role) VALUES (" +
                                    std::to_string(id) + ", 'site_admin');"),
            0);
  const auto login = request(server_port, "POST", "/api/v1/session",
                             nlohmann::json{{"username", username}, {"password", "a long password"}}.dump(),
                             "Content-Type: application/json\r\n");
  ASSERT_EQ(login.status, 200) << login.body;
  const auto admin = "Cookie: " + cookie_set(login, "ll_sid") + "\r\nAccept-Language: en\r\n";
  const auto system_page = [&] {
    const auto got = request(server_port, "GET", "/admin/system", "", admin);
    return std::to_string(got.status) + " " + got.header("location") + " " + got.body;
  };
  EXPECT_NE(system_page().find("In use for reads that may be a moment old"), std::string::npos) << system_page();

  // A cache stamp that moves (a change through another server) sends every read to the
  // primary for a while: a page refilled now must not come from a replica behind it.
  EXPECT_EQ(shell("REDISCLI_AUTH='" + site.redis_pw + "' redis-cli -p " + std::to_string(redis_port) +
                  " INCR lifelong:version:catalog >/dev/null"),
            0);
  EXPECT_TRUE(catalog_turns_to(primary_title)) << "a moved stamp left the reads on the replica";
  EXPECT_TRUE(catalog_turns_to(replica_title)) << "the reads did not come back after the stamp's window";

  // Its SQL thread stopped: the primary, by itself; restarted: the replica again.
  ASSERT_EQ(site.sql("replica", "STOP REPLICA SQL_THREAD;"), 0);
  EXPECT_TRUE(catalog_turns_to(primary_title)) << "reads stayed on a replica that no longer applies changes";
  EXPECT_EQ(metric("lifelong_mysql_replica_in_use"), 0);
  EXPECT_NE(system_page().find("its SQL thread is stopped"), std::string::npos) << system_page();
  ASSERT_EQ(site.sql("replica", "START REPLICA SQL_THREAD;"), 0);
  EXPECT_TRUE(catalog_turns_to(replica_title)) << "reads did not return to the replica when it caught up";

  // Lagging past the bound (1 s): the replica applies every change 30 s late.
  ASSERT_EQ(site.sql("replica", "STOP REPLICA; CHANGE MASTER TO MASTER_DELAY = 30; START REPLICA;"), 0);
  ASSERT_EQ(site.sql("primary", "USE lifelong_replicated; UPDATE users SET display_name = '老师甲';"), 0);
  EXPECT_TRUE(catalog_turns_to(primary_title)) << "reads stayed on a replica lagging past its bound";
  EXPECT_GT(metric("lifelong_mysql_replica_lag_seconds"), 1);
  EXPECT_NE(site.sql_output("replica", "SHOW REPLICA STATUS\\G").find("SQL_Delay: 30"), std::string::npos);
  // Caught up (the delay lifted): back to the replica.
  ASSERT_EQ(site.sql("replica", "STOP REPLICA; CHANGE MASTER TO MASTER_DELAY = 0; START REPLICA;"), 0);
  EXPECT_TRUE(catalog_turns_to(replica_title)) << "reads did not return once the replica caught up";

  // The replica away altogether: the catalog still answers, from the primary.
  ASSERT_EQ(shell(scripts + "private_mariadb.sh stop '" + (site.dir / "replica").string() + "'"), 0);
  // At once, before or after the watcher notices: a read on a lent connection that fails
  // is made again on the primary, never a failed page.
  EXPECT_EQ(catalog_title(), primary_title) << "the first read after the replica went away failed";
  EXPECT_TRUE(catalog_turns_to(primary_title)) << "the catalog failed with the replica away";

  kill(site.server, SIGTERM);
  EXPECT_EQ(wait_exit(site.server, 30), 0);
  site.server = -1;
}
