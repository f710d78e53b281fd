// /admin/system over the real server, MariaDB and Redis: what the operator sees, and who
// may see it.
#include <gtest/gtest.h>

#include "env.hpp"
#include "heartbeat.hpp"
#include "storage/sql.hpp"
#include "test_server.hpp"

using namespace lifelong;
using namespace lifelong::test_env;

namespace {

void mark_failed(std::uint64_t lesson, const char* code) {
  test_server::get().application->db.with([&](sql::Connection& c) {
    auto st = storage::prepare(c, "UPDATE lessons SET status = 'failed', failure_code = ? WHERE id = ?");
    st->setString(1, code);
    st->setUInt64(2, lesson);
    st->execute();
  });
}

}  // namespace

TEST(SystemPage, OnlySiteAdministratorsSeeIt) {
  auto& server = test_server::get();
  auto anonymous = request(server.port, "GET", "/admin/system");
  EXPECT_EQ(anonymous.status, 303);  // to the sign-in page, and back here after it
  EXPECT_EQ(anonymous.header("location").rfind("/login", 0), 0u) << anonymous.header("location");
  for (const char* role : {"teacher", "reviewer"})
    EXPECT_EQ(request(server.port, "GET", "/admin/system", "", sign_up_as(role).cookie).status, 403) << role;
  EXPECT_EQ(request(server.port, "GET", "/admin/system", "", sign_up_as("site_admin").cookie).status, 200);
}

TEST(SystemPage, ShowsTheServicesTheTranscodersAtWorkAndTheLessonsThatFailed) {
  auto& server = test_server::get();
  auto& app = *server.application;
  const auto admin = sign_up_as("site_admin");
  const auto teacher = sign_up_as("teacher");
  const auto lesson = new_lesson(teacher, "转码失败的课程");
  mark_failed(lesson, "not_video");
  const auto worker = unique_name("worker");
  std::string page;
  {
    transcoder::heartbeat beat(app.redis, worker, std::chrono::seconds(30));
    beat.working(lesson, 3, 42);
    auto r = request(server.port, "GET", "/admin/system?lang=zh-CN", "", admin.cookie);
    ASSERT_EQ(r.status, 200);
    page = r.body;
  }
  EXPECT_NE(page.find("<title>系统状态"), std::string::npos);
  // Both services answer, with the time they took.
  auto row = [&](const std::string& id) { return page.substr(page.find("id=\"" + id + "\""), 400); };
  EXPECT_NE(row("service-database").find("正常"), std::string::npos) << row("service-database");
  EXPECT_NE(row("service-redis").find("正常"), std::string::npos) << row("service-redis");
  EXPECT_NE(row("service-disk").find("GiB"), std::string::npos) << row("service-disk");
  // The worker, what it does, and the lesson.
  const auto at = page.find(worker);
  ASSERT_NE(at, std::string::npos) << page;
  const auto worker_row = page.substr(at, 300);
  EXPECT_NE(worker_row.find("正在转码 42%"), std::string::npos) << worker_row;
  EXPECT_NE(worker_row.find("/lessons/" + std::to_string(lesson)), std::string::npos) << worker_row;
  // The failed lesson, with its reason in words.
  const auto failed = page.find("转码失败的课程");
  ASSERT_NE(failed, std::string::npos);
  EXPECT_NE(page.find("这个文件不是视频", failed), std::string::npos);
  EXPECT_NE(page.find("id=\"queue-length\""), std::string::npos);

  // A worker that stops leaves the page at once (its heartbeat said so on the way out).
  auto after = request(server.port, "GET", "/admin/system", "", admin.cookie);
  EXPECT_EQ(after.body.find(worker), std::string::npos);
  EXPECT_TRUE(app.redis.command({"ZSCORE", transcoder_registry_key, worker}).is_nil());
}

// The page lists the workers of the registry, not whatever keys a scan finds: one whose
// time ran out without a word (its process was killed) is dropped from it when read.
TEST(SystemPage, AWorkerWhoseWordLapsedIsDroppedFromTheRegistry) {
  auto& server = test_server::get();
  auto& app = *server.application;
  const auto admin = sign_up_as("site_admin");
  const auto silent = unique_name("silent");
  lifelong::transcoder_status said;
  said.worker = silent;
  app.redis.command({"SET", transcoder_status_prefix + silent, to_json(said), "EX", "30"});
  app.redis.command({"ZADD", transcoder_registry_key, "1000", silent});  // lapsed long ago
  auto page = request(server.port, "GET", "/admin/system", "", admin.cookie);
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find(silent), std::string::npos);
  EXPECT_TRUE(app.redis.command({"ZSCORE", transcoder_registry_key, silent}).is_nil());
  app.redis.command({"DEL", transcoder_status_prefix + silent});
}
