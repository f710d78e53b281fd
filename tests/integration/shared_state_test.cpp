// What the site's processes agree on through Redis: the stamps of the course and catalog
// caches. A change shows on this server's pages at once, and on another server's once
// its stamps are refreshed (every half second by its refresher).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/site_turn.hpp"
#include "org_fixture.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}
std::string course_url(std::uint64_t id) {
  return "/api/v1/courses/" + std::to_string(id);
}
int post(const std::string& path, const nlohmann::json& body, const signed_in& who) {
  return request(port(), "POST", path, body.dump(), json_type + who.with_csrf()).status;
}
// A published course whose new title waits for review.
struct course_with_changes {
  std::uint64_t id;
  signed_in teacher, reviewer;
};
course_with_changes published_with_new_title(const test_tree& t, const std::string& old_title,
                                             const std::string& new_title) {
  course_with_changes c{0, sign_up_as("teacher", t.community), sign_up_as("reviewer", t.district_a)};
  c.id = published_course(c.teacher, old_title, "anti_fraud");
  const nlohmann::json details{{"title", new_title}, {"summary", ""}, {"category", "anti_fraud"}, {"credits", 1}};
  EXPECT_EQ(request(port(), "PUT", course_url(c.id), details.dump(), json_type + c.teacher.with_csrf()).status, 200);
  return c;
}
lifelong::config second_server_config() {
  auto cfg = integration_config();
  cfg.media.dir = test_server::get().application->cfg.media.dir;
  return cfg;
}
}  // namespace

TEST(CoursePageCache, APublishedCoursesPageChangesRightAfterItsCourseChanges) {
  test_tree t;
  auto c = published_with_new_title(t, "缓存课程旧名", "缓存课程新名");
  auto resident = sign_up_as("", std::nullopt, t.community);
  const auto page = "/courses/" + std::to_string(c.id);
  for (const auto& cookie : {resident.cookie, resident.cookie, std::string()}) {  // after the first: from memory
    auto seen = request(port(), "GET", page, "", cookie);
    ASSERT_EQ(seen.status, 200);
    EXPECT_NE(seen.body.find("缓存课程旧名"), std::string::npos);
    EXPECT_EQ(seen.body.find("缓存课程新名"), std::string::npos);
  }
  ASSERT_EQ(post(course_url(c.id) + "/submit", {}, c.teacher), 200);
  ASSERT_EQ(post(course_url(c.id) + "/review", {{"decision", "approve"}}, c.reviewer), 200);
  EXPECT_NE(request(port(), "GET", page, "", resident.cookie).body.find("缓存课程新名"), std::string::npos);

  // Its video plays, and is now remembered as playable (media_access).
  const auto api = nlohmann::json::parse(request(port(), "GET", course_url(c.id), "", resident.cookie).body);
  const std::string hls =
      api["lessons"][0]["media"]["hls"];  // /media/t/<expires>/<token>/lessons/<id>/v<n>/master.m3u8
  const auto lesson_part = hls.find("/lessons/") + 9;
  const auto folder = test_server::get().application->media.media_dir() / "videos" /
                      hls.substr(lesson_part, hls.rfind('/') - lesson_part);
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "master.m3u8") << "#EXTM3U\n";
  ASSERT_EQ(request(port(), "GET", hls, "", resident.cookie).status, 200);

  // Taken off the catalog: gone for learners at once, video too; the teacher still sees it.
  ASSERT_EQ(post(course_url(c.id) + "/withdraw", {{"comment", "暂停"}}, c.reviewer), 200);
  EXPECT_EQ(request(port(), "GET", hls, "", resident.cookie).status, 404);
  EXPECT_EQ(request(port(), "GET", page, "", resident.cookie).status, 404);
  EXPECT_EQ(request(port(), "GET", page).status, 404);
  EXPECT_EQ(request(port(), "GET", page, "", c.teacher.cookie).status, 200);
}

TEST(CoursePageCache, EachViewerIsCheckedOnWhatMemoryHolds) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  const auto id = published_course(teacher, "只给乙区的课程", "anti_fraud");
  const nlohmann::json audience{{"unit_ids", {t.district_b}}};
  ASSERT_EQ(
      request(port(), "PUT", course_url(id) + "/audience", audience.dump(), json_type + teacher.with_csrf()).status,
      200);
  auto inside = sign_up_as("", std::nullopt, t.community_b);
  auto outside = sign_up_as("", std::nullopt, t.community);
  const auto page = "/courses/" + std::to_string(id);
  EXPECT_EQ(request(port(), "GET", page, "", inside.cookie).status, 200);  // now in memory
  EXPECT_EQ(request(port(), "GET", page, "", outside.cookie).status, 404);
  EXPECT_EQ(request(port(), "GET", page).status, 404);
}

TEST(SharedVersions, AChangeThroughOneServerReachesAnotherServersCaches) {
  test_tree t;
  auto c = published_with_new_title(t, "两台服务器旧名", "两台服务器新名");
  lifelong::app second(second_server_config());
  const auto resident = actor_of(sign_up_as("", std::nullopt, t.community));
  EXPECT_EQ(second.courses.visible_with_lessons(c.id, &resident).first.title, "两台服务器旧名");  // in its memory

  ASSERT_EQ(post(course_url(c.id) + "/submit", {}, c.teacher), 200);
  ASSERT_EQ(post(course_url(c.id) + "/review", {{"decision", "approve"}}, c.reviewer), 200);
  second.course_version.refresh();  // what its refresher does every half second
  EXPECT_EQ(second.course_version.current(), test_server::get().application->course_version.current());
  EXPECT_EQ(second.courses.visible_with_lessons(c.id, &resident).first.title, "两台服务器新名");

  // A category renamed through the first server is renamed on the second.
  auto admin = actor_of(sign_up_as("site_admin"));
  auto& first = test_server::get().application->courses;
  const std::string code = "shared" + std::to_string(c.id);
  first.save_category(admin, {code, "共享分类", "Shared", false, 900});
  second.course_version.refresh();
  (void)second.courses.categories();  // read, and remembered with the stamp
  first.save_category(admin, {code, "共享分类改名", "Shared", false, 900});
  second.course_version.refresh();
  bool renamed = false;
  for (const auto& cat : second.courses.categories()) renamed |= cat.code == code && cat.name_zh == "共享分类改名";
  EXPECT_TRUE(renamed);
  first.remove_category(admin, code);
}

TEST(SharedVersions, TheRefresherBringsAnotherServersChangesWithoutBeingAsked) {
  lifelong::app second(second_server_config());
  test_server::get().application->courses.course_changed();
  const auto target = test_server::get().application->course_version.current();
  // Bounded: the refresher reads every 500 ms; 20 s means it does not run at all.
  for (int i = 0; i < 200 && second.course_version.current() != target; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(second.course_version.current(), target);
}

TEST(SharedVersions, ABumpRedisCannotTakeStillMovesThisProcesssStamp) {
  auto settings = integration_config().redis;
  settings.port = 1;  // nothing listens there
  lifelong::redis_pool unreachable(settings);
  lifelong::shared_version version(unreachable, "lifelong:version:test");
  const auto before = version.current();
  version.bump();
  const auto once = version.current();
  EXPECT_NE(once, before);
  version.bump();
  EXPECT_NE(version.current(), once);
  EXPECT_THROW(version.refresh(), std::exception);
}

TEST(SiteTurns, OneProcessOfTheSiteGetsEachTurn) {
  auto& redis = test_server::get().application->redis;
  lifelong::app second(second_server_config());
  const auto name = "test-" + unique_name("turn");
  EXPECT_TRUE(lifelong::take_site_turn(redis, name, std::chrono::milliseconds(300)));
  EXPECT_FALSE(lifelong::take_site_turn(second.redis, name, std::chrono::milliseconds(300)));  // another server
  EXPECT_FALSE(lifelong::take_site_turn(redis, name, std::chrono::milliseconds(300)));         // nor this one again
  // Bounded: the turn ends after 300 ms; 10 s means it never does.
  bool again = false;
  for (int i = 0; i < 100 && !again; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    again = lifelong::take_site_turn(second.redis, name, std::chrono::milliseconds(300));
  }
  EXPECT_TRUE(again);
}

// A Redis that takes a command and never answers (here: a BLPOP on an empty list, which
// waits forever) fails the command after command_timeout_seconds instead of holding the
// thread, and the pool opens a fresh connection for the next one.
TEST(RedisTimeout, ACommandLeftUnansweredFailsAndThePoolGoesOn) {
  auto cfg = integration_config();
  cfg.redis.command_timeout_seconds = 1;
  lifelong::redis_pool redis(cfg.redis);
  EXPECT_THROW(redis.command({"BLPOP", unique_name("never"), "0"}), lifelong::redis_error);
  EXPECT_EQ(redis.command({"PING"}).str, "PONG");
  EXPECT_EQ(redis.counts().lost.load(), 1u);
}
