// lifelong-admin backup and restore, the real command against the real MariaDB, Redis and
// media folder: a backup taken while residents report progress and a teacher uploads is
// restored into a fresh MariaDB, Redis and media folder, every table and file matches
// the backup's manifest, and the restored site serves the lesson to the same session.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "backup/media_copy.hpp"
#include "backup/table_sums.hpp"
#include "common/redis_client.hpp"
#include "env.hpp"
#include "org_fixture.hpp"
#include "processes.hpp"
#include "storage/sql.hpp"
#include "test_server.hpp"
#include "tus_client.hpp"

using namespace lifelong::test_env;
namespace fs = std::filesystem;

namespace {

constexpr unsigned short restored_db_port = 18281, restored_redis_port = 18282, restored_server_port = 18283;
const std::string scripts = std::string("bash ") + LIFELONG_SOURCE_DIR "/tests/integration/";

// lifelong-admin with the test services' settings and `env` on top; its output in `log`.
int admin(const std::string& env, const std::string& args, const fs::path& log) {
  return shell(env + " " LIFELONG_ADMIN_BINARY " --config " LIFELONG_SOURCE_DIR "/config/lifelong.toml " + args +
               " > '" + log.string() + "' 2>&1");
}

std::string text_of(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), {}};
}

// A ladder of one rung in the lesson's published folder, as the transcoder leaves it.
void publish_media(std::uint64_t lesson, const fs::path& media) {
  auto& app = *test_server::get().application;
  const auto version = app.db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(db, "SELECT published_version FROM lessons WHERE id = ?");
    st->setUInt64(1, lesson);
    lifelong::storage::rows r(st->executeQuery());
    r->next();
    return r->getUInt(1);
  });
  const auto dir = media / "videos" / std::to_string(lesson) / ("v" + std::to_string(version));
  fs::create_directories(dir);
  const auto clip = fresh_dir("backup-clip") / "clip.mp4";
  make_clip(clip, "testsrc2=size=320x180:rate=25", 3);
  ASSERT_EQ(shell("ffmpeg -v error -y -i '" + clip.string() + "' -c copy -f hls -hls_time 1 -hls_list_size 0 '" +
                  (dir / "master.m3u8").string() + "'"),
            0);
}

// Stops the fresh site's MariaDB and Redis (daemons, which outlive the test binary)
// however the test ends, so a failed run leaves no port taken for the next.
struct fresh_site_stopper {
  std::filesystem::path db_dir, redis_dir;
  ~fresh_site_stopper() {
    shell(scripts + "private_redis.sh stop '" + redis_dir.string() + "'");
    shell(scripts + "private_mariadb.sh stop '" + db_dir.string() + "'");
  }
};

}  // namespace

TEST(Backup, TakenWhileTheSiteIsBusyRestoresIntoAFreshSiteThatServesTheLesson) {
  auto& server = test_server::get();
  auto& app = *server.application;
  const fs::path media = fs::absolute(app.cfg.media.dir);
  const auto teacher = sign_up(true);
  const auto course = published_course(teacher, "备份也能看", "safety");
  const auto lesson =
      nlohmann::json::parse(request(server.port, "GET", "/api/v1/courses/" + std::to_string(course), "", teacher.cookie)
                                .body)["lessons"][0]["id"]
          .get<std::uint64_t>();
  publish_media(lesson, media);
  const auto residents = std::vector<signed_in>{sign_up(), sign_up()};
  for (const auto& r : residents)
    ASSERT_EQ(request(server.port, "PUT", "/api/v1/courses/" + std::to_string(course) + "/enrolment", "", r.with_csrf())
                      .status /
                  100,
              2);

  // The site at work while the backup runs: progress reports and an upload in pieces.
  std::atomic<bool> done{false};
  std::atomic<int> reports{0}, pieces{0};
  std::vector<std::thread> load;
  for (const auto& r : residents)
    load.emplace_back([&, r] {
      const auto started = std::chrono::steady_clock::now();
      for (int i = 0; i < 3000 && !done; ++i) {  // bounded: at most 5 minutes of reports
        const double at = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        request(server.port, "POST", "/api/v1/lessons/" + std::to_string(lesson) + "/progress",
                nlohmann::json{{"ranges", {{0, std::min(at, 99.0)}}}}.dump(), json_type + r.with_csrf());
        ++reports;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    });
  const auto upload_lesson = new_lesson(teacher, "备份时上传");
  const std::size_t piece = 16 * 1024, total = 48 * piece;  // under the test server's 1 MiB
  const auto created = tus_create(server.port, teacher, total, tus_metadata(upload_lesson, "课.mp4", "video/mp4"));
  ASSERT_EQ(created.status, 201) << created.body;
  load.emplace_back([&, url = created.header("location")] {
    const auto bytes = random_bytes(total);
    for (std::size_t offset = 0; offset < total && !done; offset += piece) {
      tus_patch(server.port, teacher, url, offset, bytes.substr(offset, piece));
      ++pieces;
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  });
  while (reports < 10) std::this_thread::sleep_for(std::chrono::milliseconds(20));

  // A session of someone the database copy will not hold (signed up just after its
  // snapshot): it must not pass to whoever is given that number on the restored site.
  const auto ghost_session = "sess:" + unique_name("ghost");
  app.redis.command({"HSET", ghost_session, "uid", "4000000000", "username", unique_name("ghost")});
  app.redis.command({"EXPIRE", ghost_session, "3600"});

  const auto work = fresh_dir("backup");
  const auto backup = work / "site-backup";
  const std::string source_env = "LIFELONG_MEDIA_DIR='" + media.string() + "'";
  const int backed_up = admin(source_env, "backup '" + backup.string() + "/'", work / "backup.log");  // "DIR/" is DIR
  const int reports_during = reports;
  done = true;
  for (auto& t : load) t.join();
  ASSERT_EQ(backed_up, 0) << text_of(work / "backup.log");
  EXPECT_GT(reports_during, 10) << "the residents were not reporting while the backup ran";
  EXPECT_FALSE(fs::exists(backup.string() + ".partial"));
  const auto manifest = nlohmann::json::parse(text_of(backup / "manifest.json"));

  // A fresh site: its own MariaDB database, Redis and media folder.
  const auto db_dir = work / "mysql", redis_dir = work / "redis", restored_media = work / "media";
  const std::string root_pw = unique_name("root"), app_pw = unique_name("app"), redis_pw = unique_name("redis");
  const fresh_site_stopper stopper{db_dir, redis_dir};
  ASSERT_EQ(shell(scripts + "private_mariadb.sh start '" + db_dir.string() + "' " + std::to_string(restored_db_port) +
                  " " + root_pw + " " + app_pw + " lifelong_restored"),
            0);
  ASSERT_EQ(shell(scripts + "private_redis.sh start '" + redis_dir.string() + "' " +
                  std::to_string(restored_redis_port) + " " + redis_pw),
            0);
  const std::string restored_env =
      "LIFELONG_MYSQL_PORT=" + std::to_string(restored_db_port) + " LIFELONG_MYSQL_PASSWORD=" + app_pw +
      " LIFELONG_MYSQL_DATABASE=lifelong_restored LIFELONG_REDIS_PORT=" + std::to_string(restored_redis_port) +
      " LIFELONG_REDIS_PASSWORD=" + redis_pw + " LIFELONG_MEDIA_DIR='" + restored_media.string() + "'";
  // A dump someone slipped a client command into, ahead of mariadb-dump's line that turns
  // the client's sandbox on: refused, and not run.
  const auto tampered = work / "tampered-backup";
  const auto marker = work / "the-shell-ran";
  ASSERT_EQ(
      shell("cp -r '" + backup.string() + "' '" + tampered.string() + "' && { echo '\\! touch " + marker.string() +
            "'; cat '" + (backup / "database.sql").string() + "'; } > '" + (tampered / "database.sql").string() + "'"),
      0);
  EXPECT_NE(admin(restored_env, "restore '" + tampered.string() + "'", work / "tampered.log"), 0);
  EXPECT_FALSE(fs::exists(marker)) << text_of(work / "tampered.log");
  EXPECT_NE(text_of(work / "tampered.log").find("sandbox mode on"), std::string::npos)
      << text_of(work / "tampered.log");

  ASSERT_EQ(admin(restored_env, "restore '" + backup.string() + "'", work / "restore.log"), 0)
      << text_of(work / "restore.log");

  {
    lifelong::redis_pool restored_redis([&] {
      auto r = integration_config().redis;
      r.port = restored_redis_port;
      r.password = redis_pw;
      return r;
    }());
    EXPECT_EQ(restored_redis.command({"EXISTS", ghost_session}).integer, 0);
  }

  // Every table holds the backup's rows, read here on our own.
  auto cfg = integration_config();
  cfg.mysql.port = restored_db_port;
  cfg.mysql.password = app_pw;
  cfg.mysql.database = "lifelong_restored";
  {
    lifelong::mysql_pool pool(cfg.mysql);
    auto db = pool.connect();
    const auto backed_up_sums = lifelong::backup::table_sums_from_json(manifest["tables"]);
    EXPECT_EQ(lifelong::backup::differences(backed_up_sums, lifelong::backup::sum_tables(*db)),
              std::vector<std::string>{});
    ASSERT_TRUE(backed_up_sums.count("lesson_progress"));
    EXPECT_GT(backed_up_sums.at("lesson_progress").rows, 0u);
    std::unique_ptr<sql::ResultSet> users(
        lifelong::storage::prepare(*db, "SELECT COUNT(*) FROM users")->executeQuery());
    users->next();
    EXPECT_EQ(users->getUInt64(1), backed_up_sums.at("users").rows);
    EXPECT_GT(backed_up_sums.at("users").rows, 3u);
  }
  // Every file of the manifest, with its size and hash; the lesson's playlist among them.
  const auto files = lifelong::backup::read_manifest(backup / "media.sha256");
  bool playlist = false;
  for (const auto& f : files) {
    EXPECT_EQ(fs::file_size(restored_media / f.path), f.size) << f.path;
    EXPECT_EQ(lifelong::backup::file_sha256(restored_media / f.path), f.sha256) << f.path;
    playlist = playlist || f.path.find("videos/" + std::to_string(lesson) + "/") == 0;
    EXPECT_EQ(f.path.find("uploading/"), std::string::npos) << "an upload still in progress was backed up";
  }
  EXPECT_TRUE(playlist);
  EXPECT_EQ(manifest["media_files"].get<std::size_t>(), files.size());

  // A damaged backup is refused before anything is looked at or loaded. (A copy: the
  // backup's files are hard links to the running site's.)
  ASSERT_FALSE(files.empty());
  const auto damaged = work / "damaged-backup";
  ASSERT_EQ(shell("cp -r '" + backup.string() + "' '" + damaged.string() + "'"), 0);
  { std::ofstream(damaged / "media" / files.front().path, std::ios::app) << "x"; }
  EXPECT_NE(admin(restored_env, "restore '" + damaged.string() + "'", work / "damaged.log"), 0);
  EXPECT_NE(text_of(work / "damaged.log").find("differs from the backup's manifest"), std::string::npos)
      << text_of(work / "damaged.log");

  // A restore never goes over a site that has data.
  EXPECT_NE(admin(restored_env, "restore '" + backup.string() + "'", work / "again.log"), 0);
  EXPECT_NE(text_of(work / "again.log").find("already has"), std::string::npos) << text_of(work / "again.log");

  // The restored site: the teacher's session from before the backup still holds, and the
  // lesson plays from the restored files.
  const auto pid = start_server(restored_server_port, {{"LIFELONG_MYSQL_PORT", std::to_string(restored_db_port)},
                                                       {"LIFELONG_MYSQL_PASSWORD", app_pw},
                                                       {"LIFELONG_MYSQL_DATABASE", "lifelong_restored"},
                                                       {"LIFELONG_REDIS_PORT", std::to_string(restored_redis_port)},
                                                       {"LIFELONG_REDIS_PASSWORD", redis_pw},
                                                       {"LIFELONG_MEDIA_DIR", restored_media.string()}});
  ASSERT_GT(pid, 0);
  const auto page =
      request(restored_server_port, "GET", "/api/v1/lessons/" + std::to_string(lesson), "", teacher.cookie);
  ASSERT_EQ(page.status, 200) << page.body;
  const auto hls = nlohmann::json::parse(page.body)["media"]["hls"].get<std::string>();
  const auto playlist_reply = request(restored_server_port, "GET", hls, "", teacher.cookie);
  EXPECT_EQ(playlist_reply.status, 200);
  EXPECT_NE(playlist_reply.body.find("#EXTM3U"), std::string::npos);
  const auto segment = hls.substr(0, hls.rfind('/') + 1) + "master0.ts";
  EXPECT_EQ(request(restored_server_port, "GET", segment, "", teacher.cookie).status, 200);
  kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid, 30), 0);
}
