// Redis Sentinel with the real redis-server: the server finds the primary through three
// sentinels. When the primary is killed under load and they promote the replica, pages
// answer 503 meanwhile and then work again, the session still holds, the queued job is
// still queued, and new sign-ins are written to the new primary.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/redis_client.hpp"
#include "env.hpp"
#include "processes.hpp"
#include "storage/sql.hpp"
#include "test_server.hpp"
#include "tus_client.hpp"

using namespace lifelong::test_env;

namespace {

constexpr unsigned short primary_port = 18291, replica_port = 18292, first_sentinel_port = 18293, server_port = 18296;
const std::string script = "bash " LIFELONG_SOURCE_DIR "/tests/integration/redis_sentinel.sh";

const std::string json_type = "Content-Type: application/json\r\n";

std::string redis_cli(unsigned short port, const std::string& password, const std::string& args) {
  const std::string auth = password.empty() ? "" : "REDISCLI_AUTH='" + password + "' ";
  return shell_output(auth + "redis-cli -p " + std::to_string(port) + " " + args);
}

// Stops the Redis processes (daemons, which outlive the test binary) and the server
// however the test ends, so a failed run leaves no port taken for the next.
struct site_stopper {
  std::filesystem::path dir;
  pid_t server = -1;
  ~site_stopper() {
    if (server > 0) {
      kill(server, SIGKILL);
      wait_exit(server, 10);
    }
    shell(script + " stop '" + dir.string() + "'");
  }
};

// Signs in on the server under test (the person was registered through the test server).
signed_in sign_in(const signed_in& registered) {
  signed_in who = registered;
  const auto login =
      request(server_port, "POST", "/api/v1/session",
              nlohmann::json{{"username", who.username}, {"password", "a long password"}}.dump(), json_type);
  if (login.status != 200) return {};
  const auto cookie = login.header("set-cookie");
  who.cookie = "Cookie: " + cookie.substr(0, cookie.find(';')) + "\r\n";
  who.csrf = nlohmann::json::parse(login.body)["csrf_token"].get<std::string>();
  return who;
}

}  // namespace

TEST(RedisSentinel, WhenThePrimaryDiesTheSiteFollowsThePromotedReplicaAndKeepsItsSessions) {
  const auto dir = fresh_dir("sentinel");
  const auto password = unique_name("redis");
  site_stopper stopper{dir};
  ASSERT_EQ(shell(script + " start '" + dir.string() + "' " + std::to_string(primary_port) + " " + password), 0);
  std::string sentinels;
  for (int i = 0; i < 3; ++i) sentinels += (i ? ",127.0.0.1:" : "127.0.0.1:") + std::to_string(first_sentinel_port + i);
  const auto pid = start_server(server_port,
                                {{"LIFELONG_REDIS_SENTINELS", sentinels},
                                 {"LIFELONG_REDIS_MASTER_NAME", "lifelong"},
                                 {"LIFELONG_REDIS_PASSWORD", password},
                                 {"LIFELONG_REDIS_PORT", "1"},  // unused: the sentinels name the primary
                                 {"LIFELONG_MEDIA_DIR", (dir / "media").string()}},
                                (dir / "server.log").string());
  ASSERT_GT(pid, 0);
  stopper.server = pid;
  const auto registered_teacher = sign_up(true);
  const auto resident = sign_in(sign_up()), teacher = sign_in(registered_teacher);
  const auto neighbour = sign_up();
  ASSERT_FALSE(resident.cookie.empty());
  ASSERT_FALSE(teacher.cookie.empty());
  ASSERT_EQ(request(server_port, "GET", "/api/v1/me", "", resident.cookie).status, 200);
  // A finished upload: its transcoding job waits in the Redis stream.
  const auto bytes = random_bytes(64 * 1024);
  const auto lesson = new_lesson(registered_teacher, "哨兵切换");
  const auto made = tus_create(server_port, teacher, bytes.size(), tus_metadata(lesson, "课.mp4", "video/mp4"));
  ASSERT_EQ(made.status, 201) << made.body;
  ASSERT_EQ(tus_patch(server_port, teacher, made.header("location"), 0, bytes).status, 204);
  const auto jobs = redis_cli(primary_port, password, "XLEN jobs:transcode");
  ASSERT_NE(jobs, "0\n");
  // All of it is on the replica before the primary dies (Redis replicates asynchronously;
  // what WAIT does not see may be lost: docs/operations.md §6).
  ASSERT_EQ(redis_cli(primary_port, password, "WAIT 1 5000"), "1\n");

  {  // A connection that meets a replica where it writes is dropped (READONLY), not reused.
    lifelong::redis_connection to_replica("127.0.0.1", replica_port, password, 5);
    EXPECT_THROW(to_replica.command({"SET", unique_name("k"), "v"}), lifelong::redis_error);
    EXPECT_TRUE(to_replica.broken());
  }

  std::ifstream pid_file(dir / "primary" / "redis.pid");
  pid_t primary = 0;
  pid_file >> primary;
  ASSERT_GT(primary, 0);

  // Under load: the resident's page asked for again and again while the primary dies.
  std::atomic<bool> failed_over{false};
  std::map<int, int> answers;  // status -> how many
  std::thread load([&] {
    for (int i = 0; i < 600 && !failed_over; ++i) {  // bounded: at most a minute
      int status = -1;                               // no answer at all
      try {
        status = request(server_port, "GET", "/api/v1/me", "", resident.cookie).status;
      } catch (const std::exception&) {
      }
      ++answers[status];
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  const auto killed = std::chrono::steady_clock::now();
  EXPECT_EQ(kill(primary, SIGKILL), 0);
  std::filesystem::remove(dir / "primary" / "redis.pid");  // its number may be reused
  // A transcoder that starts while the sentinels are still deciding.
  const auto transcoder = start_transcoder(
      "sentinel-worker", dir / "media", 1,
      {{"LIFELONG_REDIS_SENTINELS", sentinels}, {"LIFELONG_REDIS_PASSWORD", password}, {"LIFELONG_REDIS_PORT", "1"}});

  // Bounded: the sentinels take a second to agree it is down, then promote the replica.
  int answered = 0;
  for (int i = 0; i < 300 && answered != 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    answered = request(server_port, "GET", "/api/v1/me", "", resident.cookie).status;
  }
  const auto back_after = std::chrono::duration<double>(std::chrono::steady_clock::now() - killed).count();
  failed_over = true;
  load.join();
  EXPECT_EQ(answered, 200) << "the session did not come back after the failover";
  std::printf("[ sentinel ] signed-in pages answered again %.1f s after the primary was killed\n", back_after);
  for (const auto& [status, count] : answers) std::printf("[ sentinel ] %d answers of %d under load\n", count, status);
  for (const auto& [status, count] : answers)
    EXPECT_TRUE(status == 200 || status == 503) << count << " answers of " << status << " during the failover";
  EXPECT_NE(redis_cli(first_sentinel_port, "", "SENTINEL get-master-addr-by-name lifelong")
                .find(std::to_string(replica_port)),
            std::string::npos);
  EXPECT_EQ(redis_cli(replica_port, password, "ROLE").rfind("master", 0), 0u);
  // New sessions are written to the new primary.
  const auto after = sign_in(neighbour);
  ASSERT_FALSE(after.cookie.empty());
  EXPECT_EQ(request(server_port, "GET", "/api/v1/me", "", after.cookie).status, 200);
  // The job queued before the failover came through: the transcoder found the new
  // primary and took it (the bytes are no video, so the lesson ends "failed": taken and
  // finished, not left queued; the watchdog would queue it again only after 30 minutes).
  std::string status;
  for (int i = 0; i < 600 && status != "failed"; ++i) {  // bounded: a minute
    status = test_server::get().application->db.with([&](sql::Connection& db) {
      auto r = lifelong::storage::select(db, "SELECT status FROM lessons WHERE id = ?", lesson);
      return r->next() ? lifelong::storage::text(r, "status") : std::string();
    });
    if (status != "failed") std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, "failed") << "the transcoder did not take the queued job after the failover";
  kill(transcoder, SIGTERM);
  EXPECT_EQ(wait_exit(transcoder, 30), 0);

  kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid, 30), 0);
  stopper.server = -1;
}
