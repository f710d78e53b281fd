// Changes to a published course wait for review (issue 15, item 7): new details, new
// lessons and replaced videos reach learners only once a reviewer approves them; until
// then learners keep the approved version, and the teacher may discard the changes.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "org_fixture.hpp"
#include "storage/sql.hpp"

using namespace lifelong::test_env;

namespace {
// The media version a lesson's JSON plays (".../lessons/<id>/v<version>/master.m3u8").
int version_of(const nlohmann::json& lesson) {
  const std::string hls = lesson["media"]["hls"];
  const auto v = hls.find("/v", hls.find("/lessons/") + 9);
  return std::stoi(hls.substr(v + 2));
}
unsigned short port() {
  return test_server::get().port;
}
std::string course_url(std::uint64_t id) {
  return "/api/v1/courses/" + std::to_string(id);
}
http_result send(const std::string& method, const std::string& path, const nlohmann::json& body,
                 const signed_in& who) {
  return request(port(), method, path, body.is_null() ? "{}" : body.dump(), json_type + who.with_csrf());
}
nlohmann::json course_as(std::uint64_t id, const signed_in& who) {
  auto r = request(port(), "GET", course_url(id), "", who.cookie);
  EXPECT_EQ(r.status, 200) << r.body;
  return nlohmann::json::parse(r.body);
}
void run_sql(const std::string& text) {
  test_server::get().application->db.with(
      [&](sql::Connection& db) { lifelong::storage::prepare(db, text.c_str())->execute(); });
}
// What the transcoder does when a lesson's current upload is done.
void transcoded(std::uint64_t lesson, int seconds) {
  run_sql("UPDATE lessons SET status = 'ready', progress_pct = 100, duration_ms = " + std::to_string(seconds * 1000) +
          " WHERE id = " + std::to_string(lesson));
}
// A playlist on disk for each version, so media access can be asked for.
std::string playlist(std::uint64_t lesson, int version) {
  const auto dir = test_server::get().application->media.media_dir() / "videos" / std::to_string(lesson) /
                   ("v" + std::to_string(version));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "master.m3u8") << "#EXTM3U\n";
  return "/media/lessons/" + std::to_string(lesson) + "/v" + std::to_string(version) + "/master.m3u8";
}
http_result replace_video(std::uint64_t lesson, const signed_in& teacher) {
  return request(port(), "PUT", "/api/v1/lessons/" + std::to_string(lesson) + "/video", std::string(2048, 'v'),
                 "Content-Type: video/mp4\r\n" + teacher.with_csrf());
}
bool in_queue(std::uint64_t course, const signed_in& who) {
  const auto queue = nlohmann::json::parse(request(port(), "GET", "/api/v1/review/queue", "", who.cookie).body);
  for (const auto& c : queue["courses"])
    if (c["id"] == course) return true;
  return false;
}
std::vector<std::string> actions_of(std::uint64_t course, const signed_in& who) {
  auto log = nlohmann::json::parse(request(port(), "GET", course_url(course) + "/reviews", "", who.cookie).body);
  std::vector<std::string> out;
  for (const auto& e : log["reviews"]) out.push_back(e["action"]);
  return out;
}

struct published {
  std::uint64_t course = 0, lesson = 0;
};
// A course approved through review, its one lesson at version 1 and 100 s long.
published approved_course(const signed_in& teacher, const signed_in& reviewer) {
  published p;
  p.course = complete_course(teacher, "银发手机课堂");
  p.lesson = course_as(p.course, teacher)["lessons"][0]["id"];
  transcoded(p.lesson, 100);
  EXPECT_EQ(send("POST", course_url(p.course) + "/submit", {}, teacher).status, 200);
  EXPECT_EQ(send("POST", course_url(p.course) + "/review", {{"decision", "approve"}}, reviewer).status, 200);
  return p;
}
const nlohmann::json new_details{{"title", "银发手机课堂（新版）"}, {"summary", "加了两个新案例"},
                                 {"category", "anti_fraud"}, {"credits", 100}};
}  // namespace

TEST(PendingChanges, LearnersKeepTheApprovedVersionUntilTheChangesAreApproved) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto reviewer = sign_up_as("reviewer", t.district_a);
  auto resident = sign_up_as("", std::nullopt, t.community);
  const auto p = approved_course(teacher, reviewer);
  const auto v1 = playlist(p.lesson, 1);
  ASSERT_EQ(request(port(), "GET", v1, "", resident.cookie).status, 200);

  // Details, a new lesson and a new video for the first lesson.
  ASSERT_EQ(send("PUT", course_url(p.course), new_details, teacher).status, 200);
  auto added = send("POST", course_url(p.course) + "/lessons", {{"title", "第二课：冒充客服"}}, teacher);
  ASSERT_EQ(added.status, 201);
  const auto second = nlohmann::json::parse(added.body)["id"].get<std::uint64_t>();
  ASSERT_EQ(replace_video(second, teacher).status, 202);
  ASSERT_EQ(replace_video(p.lesson, teacher).status, 202);

  // Learners: the approved title, credits, one lesson, its old video, which still plays.
  auto seen = course_as(p.course, resident);
  EXPECT_EQ(seen["title"], "银发手机课堂");
  EXPECT_EQ(seen["credits"], "1.0");
  EXPECT_FALSE(seen.contains("pending_changes"));
  ASSERT_EQ(seen["lessons"].size(), 1u);
  EXPECT_EQ(seen["lessons"][0]["status"], "ready");
  EXPECT_EQ(version_of(seen["lessons"][0]), 1);
  EXPECT_EQ(request(port(), "GET", v1, "", resident.cookie).status, 200);
  EXPECT_EQ(request(port(), "GET", "/api/v1/lessons/" + std::to_string(second), "", resident.cookie).status, 404);
  EXPECT_EQ(request(port(), "GET", "/lessons/" + std::to_string(second), "", resident.cookie).status, 404);
  auto search = nlohmann::json::parse(request(port(), "GET", "/api/v1/courses?q=%E6%96%B0%E7%89%88").body);  // 新版
  for (const auto& c : search["courses"]) EXPECT_NE(c["id"], p.course);

  // The teacher: the working copy, marked.
  auto own = course_as(p.course, teacher);
  EXPECT_EQ(own["changes"], "editing");
  EXPECT_EQ(own["pending_changes"]["title"], "银发手机课堂（新版）");
  ASSERT_EQ(own["lessons"].size(), 2u);
  EXPECT_EQ(own["lessons"][0]["video_replaced"], true);
  EXPECT_EQ(own["lessons"][1]["is_new"], true);
  auto page = request(port(), "GET", "/teach/courses/" + std::to_string(p.course), "", teacher.cookie);
  EXPECT_NE(page.body.find("id=\"pending-changes\""), std::string::npos);
  EXPECT_NE(page.body.find("value=\"银发手机课堂（新版）\""), std::string::npos);  // the form shows the new title

  // Not complete: the new video and the new lesson are not transcoded yet.
  EXPECT_EQ(send("POST", course_url(p.course) + "/submit", {}, teacher).status, 409);
  transcoded(p.lesson, 120);
  transcoded(second, 60);
  const auto v2 = playlist(p.lesson, 2);
  EXPECT_EQ(request(port(), "GET", v2, "", resident.cookie).status, 404);  // waits for review
  EXPECT_EQ(request(port(), "GET", v2, "", teacher.cookie).status, 200);
  EXPECT_EQ(request(port(), "GET", v2, "", reviewer.cookie).status, 200);  // reviewers watch what they review

  ASSERT_EQ(send("POST", course_url(p.course) + "/submit", {}, teacher).status, 200);
  EXPECT_EQ(send("POST", course_url(p.course) + "/submit", {}, teacher).status, 409);
  EXPECT_EQ(course_as(p.course, resident)["status"], "published");  // still in the catalog
  EXPECT_TRUE(in_queue(p.course, reviewer));
  // An edit after submitting takes the changes back: the reviewer never approves unseen edits.
  ASSERT_EQ(send("PUT", course_url(p.course), new_details, teacher).status, 200);
  EXPECT_FALSE(in_queue(p.course, reviewer));
  EXPECT_EQ(send("POST", course_url(p.course) + "/review", {{"decision", "approve"}}, reviewer).status, 409);
  ASSERT_EQ(send("POST", course_url(p.course) + "/submit", {}, teacher).status, 200);

  // The reviewer sees what changed; returning keeps the approved version for learners.
  auto review_page = request(port(), "GET", "/courses/" + std::to_string(p.course), "", reviewer.cookie);
  EXPECT_NE(review_page.body.find("id=\"pending-changes\""), std::string::npos);
  EXPECT_NE(review_page.body.find("银发手机课堂（新版）"), std::string::npos);
  EXPECT_NE(review_page.body.find("action=\"/courses/" + std::to_string(p.course) + "/review\""), std::string::npos);
  ASSERT_EQ(send("POST", course_url(p.course) + "/review", {{"decision", "return"}, {"comment", "学分太高了"}}, reviewer)
                .status,
            200);
  EXPECT_EQ(course_as(p.course, resident)["title"], "银发手机课堂");
  EXPECT_EQ(course_as(p.course, teacher)["changes"], "editing");
  page = request(port(), "GET", "/teach/courses/" + std::to_string(p.course), "", teacher.cookie);
  EXPECT_NE(page.body.find("学分太高了"), std::string::npos);

  ASSERT_EQ(send("POST", course_url(p.course) + "/submit", {}, teacher).status, 200);
  ASSERT_EQ(send("POST", course_url(p.course) + "/review", {{"decision", "approve"}}, reviewer).status, 200);
  seen = course_as(p.course, resident);
  EXPECT_EQ(seen["title"], "银发手机课堂（新版）");
  EXPECT_EQ(seen["credits"], "100.0");
  EXPECT_EQ(seen["changes"], "");
  ASSERT_EQ(seen["lessons"].size(), 2u);
  EXPECT_EQ(version_of(seen["lessons"][0]), 2);
  EXPECT_EQ(seen["lessons"][0]["duration_ms"], 120000);
  EXPECT_EQ(request(port(), "GET", v2, "", resident.cookie).status, 200);
  EXPECT_FALSE(in_queue(p.course, reviewer));
  EXPECT_EQ(actions_of(p.course, teacher),
            (std::vector<std::string>{"submitted", "approved", "changes_submitted", "changes_submitted",
                                      "changes_returned", "changes_submitted", "changes_approved"}));
}

TEST(PendingChanges, CreditsAndLessonsOfALearnerFollowTheApprovedVersion) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto reviewer = sign_up_as("reviewer", t.district_a);
  auto learner = sign_up_as("", std::nullopt, t.community);
  const auto p = approved_course(teacher, reviewer);
  ASSERT_EQ(send("PUT", course_url(p.course), new_details, teacher).status, 200);  // 100 credits, not yet approved
  auto added = send("POST", course_url(p.course) + "/lessons", {{"title", "第二课"}}, teacher);
  const auto second = nlohmann::json::parse(added.body)["id"].get<std::uint64_t>();
  ASSERT_EQ(replace_video(second, teacher).status, 202);
  transcoded(second, 60);

  // A lesson added since approval is not there for learners, nor its credits.
  auto early = send("POST", "/api/v1/lessons/" + std::to_string(second) + "/progress", {{"ranges", {{0, 60}}}}, learner);
  EXPECT_EQ(early.status, 404) << early.body;
  // The approved lesson completes the approved course, for its approved credits.
  auto done = send("POST", "/api/v1/lessons/" + std::to_string(p.lesson) + "/progress", {{"ranges", {{0, 100}}}}, learner);
  ASSERT_EQ(done.status, 200) << done.body;
  const auto state = nlohmann::json::parse(done.body);
  EXPECT_TRUE(state["course"]["completed"].get<bool>());
  EXPECT_DOUBLE_EQ(state["course"]["credits"].get<double>(), 1.0);
}

TEST(PendingChanges, TheTeacherCanDiscardThemAndNoVersionNumberIsUsedTwice) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto other_teacher = sign_up_as("teacher", t.community);
  auto reviewer = sign_up_as("reviewer", t.district_a);
  auto resident = sign_up_as("", std::nullopt, t.community);
  const auto p = approved_course(teacher, reviewer);
  EXPECT_EQ(send("DELETE", course_url(p.course) + "/changes", {}, teacher).status, 409);  // nothing to discard

  ASSERT_EQ(send("PUT", course_url(p.course), new_details, teacher).status, 200);
  ASSERT_EQ(send("POST", course_url(p.course) + "/lessons", {{"title", "第二课"}}, teacher).status, 201);
  ASSERT_EQ(replace_video(p.lesson, teacher).status, 202);
  EXPECT_EQ(send("DELETE", course_url(p.course) + "/changes", {}, other_teacher).status, 403);
  EXPECT_EQ(send("DELETE", course_url(p.course) + "/changes", {}, resident).status, 403);
  EXPECT_EQ(send("DELETE", course_url(p.course) + "/changes", {}, reviewer).status, 403);

  // By the page's form, as the teacher would (the page asks first).
  auto discard = request(port(), "POST", "/teach/courses/" + std::to_string(p.course) + "/changes/discard",
                         "_csrf=" + teacher.csrf, "Content-Type: application/x-www-form-urlencoded\r\n" + teacher.cookie);
  ASSERT_EQ(discard.status, 303) << discard.body;
  auto own = course_as(p.course, teacher);
  EXPECT_EQ(own["title"], "银发手机课堂");
  EXPECT_EQ(own["changes"], "");
  ASSERT_EQ(own["lessons"].size(), 1u);
  EXPECT_EQ(version_of(own["lessons"][0]), 1);
  EXPECT_EQ(own["lessons"][0]["status"], "ready");
  EXPECT_EQ(own["lessons"][0]["duration_ms"], 100000);
  EXPECT_EQ(actions_of(p.course, teacher).back(), "changes_discarded");

  // The next upload is version 3: version 2 was the discarded one, and its folder may exist.
  ASSERT_EQ(replace_video(p.lesson, teacher).status, 202);
  transcoded(p.lesson, 90);
  EXPECT_EQ(version_of(course_as(p.course, teacher)["lessons"][0]), 3);
  EXPECT_EQ(version_of(course_as(p.course, resident)["lessons"][0]), 1);
}

TEST(PendingChanges, AReviewerWatchingANewVideoEarnsNothing) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto reviewer = sign_up_as("reviewer", t.district_a);
  const auto p = approved_course(teacher, reviewer);
  ASSERT_EQ(replace_video(p.lesson, teacher).status, 202);
  transcoded(p.lesson, 100);
  auto r = send("POST", "/api/v1/lessons/" + std::to_string(p.lesson) + "/progress", {{"ranges", {{0, 100}}}}, reviewer);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(nlohmann::json::parse(r.body)["preview"].get<bool>());
  EXPECT_FALSE(nlohmann::json::parse(r.body)["course"]["completed"].get<bool>());
}

TEST(PendingChanges, ArchivingKeepsTheApprovedDetails) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto reviewer = sign_up_as("reviewer", t.district_a);
  const auto p = approved_course(teacher, reviewer);
  ASSERT_EQ(send("PUT", course_url(p.course), new_details, teacher).status, 200);
  ASSERT_EQ(send("POST", course_url(p.course) + "/archive", {{"comment", "已有新版"}}, reviewer).status, 200);
  auto own = course_as(p.course, teacher);
  EXPECT_EQ(own["status"], "archived");
  EXPECT_EQ(own["title"], "银发手机课堂");  // learners' records keep the approved title
  EXPECT_EQ(own["changes"], "");
}

TEST(PendingChanges, ACourseTakenOffTheCatalogKeepsItsTeachersEdits) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto reviewer = sign_up_as("reviewer", t.district_a);
  const auto p = approved_course(teacher, reviewer);
  ASSERT_EQ(send("PUT", course_url(p.course), new_details, teacher).status, 200);
  ASSERT_EQ(send("POST", course_url(p.course) + "/withdraw", {{"comment", ""}}, teacher).status, 200);
  auto own = course_as(p.course, teacher);
  EXPECT_EQ(own["status"], "draft");
  EXPECT_EQ(own["title"], "银发手机课堂（新版）");  // a draft's edits apply directly
  EXPECT_EQ(own["changes"], "");
}
