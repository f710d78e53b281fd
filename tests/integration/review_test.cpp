// Course review through the HTTP API with real sessions: who may submit, see the queue,
// decide, withdraw, archive and read the log, across a small organisation tree.
#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>

#include "env.hpp"
#include "org_fixture.hpp"
#include "storage/sql.hpp"
#include "test_server.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}
using tree = test_tree;

http_result act(std::uint64_t course, const std::string& what, const signed_in& who, const nlohmann::json& body = {}) {
  return request(port(), "POST", "/api/v1/courses/" + std::to_string(course) + "/" + what,
                 body.is_null() ? "{}" : body.dump(), json_type + who.with_csrf());
}
std::string status_of(std::uint64_t course, const signed_in& who) {
  auto r = request(port(), "GET", "/api/v1/courses/" + std::to_string(course), "", who.cookie);
  return r.status == 200 ? nlohmann::json::parse(r.body)["status"].get<std::string>() : std::to_string(r.status);
}
// Signs the same person in again (roles are read at sign-in).
signed_in sign_in_again(const signed_in& who) {
  auto login = request(port(), "POST", "/api/v1/session",
                       nlohmann::json{{"username", who.username}, {"password", "a long password"}}.dump(), json_type);
  auto cookie = login.header("set-cookie");
  return {who.id, who.username, "Cookie: " + cookie.substr(0, cookie.find(';')) + "\r\n",
          nlohmann::json::parse(login.body)["csrf_token"].get<std::string>()};
}
bool in_queue(std::uint64_t course, const signed_in& who) {
  const auto queue = nlohmann::json::parse(request(port(), "GET", "/api/v1/review/queue", "", who.cookie).body);
  for (const auto& c : queue["courses"])
    if (c["id"] == course) return true;
  return false;
}
}  // namespace

TEST(Review, FromDraftToPublishedWithinTheReviewersArea) {
  tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto other_teacher = sign_up_as("teacher", t.district_b);
  auto reviewer_a = sign_up_as("reviewer", t.district_a);
  auto reviewer_b = sign_up_as("reviewer", t.district_b);
  auto admin = sign_up_as("site_admin");
  auto resident = sign_up_as("", std::nullopt, t.community);

  // Not complete yet: no lessons.
  auto empty =
      request(port(), "POST", "/api/v1/courses", nlohmann::json{{"title", "空课程"}, {"category", "law"}}.dump(),
              json_type + teacher.with_csrf());
  const auto empty_id = nlohmann::json::parse(empty.body)["id"].get<std::uint64_t>();
  EXPECT_EQ(act(empty_id, "submit", teacher).status, 409);

  const auto course = complete_course(teacher);
  EXPECT_EQ(act(course, "submit", other_teacher).status, 404);  // someone else's draft is invisible
  EXPECT_EQ(act(course, "submit", resident).status, 404);
  EXPECT_EQ(act(course, "submit", reviewer_a).status, 403);  // may see it, may not act as its teacher
  EXPECT_EQ(act(course, "review", reviewer_a, {{"decision", "approve"}}).status, 409);  // not submitted yet
  ASSERT_EQ(act(course, "submit", teacher).status, 200);
  EXPECT_EQ(act(course, "submit", teacher).status, 409);
  EXPECT_EQ(status_of(course, teacher), "submitted");

  // The queue: the reviewer above the course and site administrators only.
  EXPECT_TRUE(in_queue(course, reviewer_a));
  EXPECT_TRUE(in_queue(course, admin));
  EXPECT_FALSE(in_queue(course, reviewer_b));
  EXPECT_EQ(request(port(), "GET", "/api/v1/review/queue", "", resident.cookie).status, 403);
  EXPECT_EQ(request(port(), "GET", "/api/v1/review/queue", "", teacher.cookie).status, 403);
  EXPECT_EQ(status_of(course, reviewer_a), "submitted");  // reviewers preview what they review
  EXPECT_EQ(status_of(course, reviewer_b), "404");
  EXPECT_EQ(status_of(course, resident), "404");

  EXPECT_EQ(act(course, "review", reviewer_b, {{"decision", "approve"}}).status, 404);
  EXPECT_EQ(act(course, "review", resident, {{"decision", "approve"}}).status, 404);
  EXPECT_EQ(act(course, "review", teacher, {{"decision", "approve"}}).status, 403);
  EXPECT_EQ(act(course, "review", reviewer_a, {{"decision", "maybe"}}).status, 400);
  auto bare = act(course, "review", reviewer_a, {{"decision", "return"}, {"comment", "  "}});
  EXPECT_EQ(bare.status, 400);
  EXPECT_EQ(nlohmann::json::parse(bare.body)["error"]["field"], "comment");

  ASSERT_EQ(act(course, "review", reviewer_a, {{"decision", "return"}, {"comment", "第一课的字幕有错别字"}}).status,
            200);
  EXPECT_EQ(status_of(course, teacher), "draft");
  auto page = request(port(), "GET", "/teach/courses/" + std::to_string(course), "", teacher.cookie);
  EXPECT_NE(page.body.find("第一课的字幕有错别字"), std::string::npos);

  ASSERT_EQ(act(course, "submit", teacher).status, 200);
  ASSERT_EQ(act(course, "review", reviewer_a, {{"decision", "approve"}, {"comment", "很好"}}).status, 200);
  EXPECT_EQ(status_of(course, resident), "published");
  EXPECT_FALSE(in_queue(course, reviewer_a));

  // The log: every step, in order, readable by the teacher and the area's reviewers.
  auto log = request(port(), "GET", "/api/v1/courses/" + std::to_string(course) + "/reviews", "", admin.cookie);
  ASSERT_EQ(log.status, 200);
  auto entries = nlohmann::json::parse(log.body)["reviews"];
  std::vector<std::string> actions;
  for (const auto& e : entries) actions.push_back(e["action"]);
  EXPECT_EQ(actions, (std::vector<std::string>{"submitted", "returned", "submitted", "approved"}));
  EXPECT_EQ(entries[1]["comment"], "第一课的字幕有错别字");
  EXPECT_EQ(entries[1]["actor_id"], reviewer_a.id);
  EXPECT_EQ(request(port(), "GET", "/api/v1/courses/" + std::to_string(course) + "/reviews", "", teacher.cookie).status,
            200);
  EXPECT_EQ(
      request(port(), "GET", "/api/v1/courses/" + std::to_string(course) + "/reviews", "", resident.cookie).status,
      403);
  EXPECT_EQ(
      request(port(), "GET", "/api/v1/courses/" + std::to_string(course) + "/reviews", "", reviewer_b.cookie).status,
      403);
}

TEST(Review, WithdrawAndArchiveOnlyByThoseResponsible) {
  tree t;
  auto teacher = sign_up_as("teacher", t.street);
  auto reviewer = sign_up_as("reviewer", t.city);
  auto outsider = sign_up_as("reviewer", t.district_b);
  auto resident = sign_up_as("");
  const auto course = complete_course(teacher);
  ASSERT_EQ(act(course, "submit", teacher).status, 200);
  ASSERT_EQ(act(course, "review", reviewer, {{"decision", "approve"}}).status, 200);

  EXPECT_EQ(act(course, "withdraw", resident).status, 403);
  EXPECT_EQ(act(course, "withdraw", outsider).status, 403);
  EXPECT_EQ(act(course, "archive", teacher).status, 403);
  ASSERT_EQ(act(course, "withdraw", teacher, {{"comment", "内容要更新"}}).status, 200);
  EXPECT_EQ(status_of(course, resident), "404");  // off the catalog
  EXPECT_EQ(act(course, "withdraw", teacher).status, 409);
  ASSERT_EQ(act(course, "archive", reviewer, {{"comment", "已有新版"}}).status, 200);
  EXPECT_EQ(act(course, "archive", reviewer).status, 409);
  EXPECT_EQ(act(course, "submit", teacher).status, 409);  // archived stays archived
}

TEST(Review, AReviewerCannotApproveTheirOwnCourse) {
  tree t;
  auto teacher_reviewer = sign_up_as("teacher", t.community);
  test_server::get().application->users.grant_role(lifelong::services::console_operator(), teacher_reviewer.id,
                                                   "reviewer", t.city);
  auto both = sign_in_again(teacher_reviewer);
  const auto course = complete_course(both);
  ASSERT_EQ(act(course, "submit", both).status, 200);
  auto own = act(course, "review", both, {{"decision", "approve"}});
  EXPECT_EQ(own.status, 403);
  EXPECT_NE(own.body.find("不能审核自己的课程"), std::string::npos);
}

TEST(Review, TwoDecisionsAtOnceOnlyOneCounts) {
  tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto first = sign_up_as("reviewer", t.district_a);
  auto second = sign_up_as("site_admin");
  const auto course = complete_course(teacher);
  ASSERT_EQ(act(course, "submit", teacher).status, 200);
  auto a = std::async(std::launch::async, [&] { return act(course, "review", first, {{"decision", "approve"}}); });
  auto b = std::async(std::launch::async, [&] {
    return act(course, "review", second, {{"decision", "return"}, {"comment", "再想想"}});
  });
  const int sa = a.get().status, sb = b.get().status;
  EXPECT_TRUE((sa == 200 && sb == 409) || (sa == 409 && sb == 200)) << sa << " " << sb;
  auto log = nlohmann::json::parse(
      request(port(), "GET", "/api/v1/courses/" + std::to_string(course) + "/reviews", "", second.cookie).body);
  EXPECT_EQ(log["reviews"].size(), 2u);  // submitted + the one decision
}

TEST(Review, TheReviewPagesShowTheQueueAndTakeADecision) {
  tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto reviewer = sign_up_as("reviewer", t.street);
  auto resident = sign_up_as("");
  const auto course = complete_course(teacher);
  ASSERT_EQ(act(course, "submit", teacher).status, 200);
  const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n";
  const auto path = "/courses/" + std::to_string(course);

  auto queue = request(port(), "GET", "/review", "", reviewer.cookie);
  EXPECT_EQ(queue.status, 200);
  // The menu says how many wait (here: this street's one course).
  EXPECT_NE(queue.body.find("aria-label=\"1 门课程等待审核\">1</span>"), std::string::npos) << queue.body;
  EXPECT_NE(queue.body.find("href=\"" + path + "\""), std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/review", "", resident.cookie).status, 403);
  auto page = request(port(), "GET", path, "", reviewer.cookie);
  EXPECT_NE(page.body.find("action=\"" + path + "/review\""), std::string::npos);
  // What the reviewer judges is on the page: the audience, the groups, each lesson's
  // captions, and the lesson itself, playable in place.
  EXPECT_NE(page.body.find("id=\"review-facts\""), std::string::npos);
  EXPECT_NE(page.body.find("<dd>全市居民</dd>"), std::string::npos);
  EXPECT_NE(page.body.find("<dd>没有指定（适合所有居民）</dd>"), std::string::npos);
  EXPECT_NE(page.body.find("字幕：这一课没有字幕。"), std::string::npos);
  EXPECT_NE(page.body.find("class=\"review-video\""), std::string::npos);
  EXPECT_NE(page.body.find("/fallback.mp4"), std::string::npos);
  EXPECT_EQ(request(port(), "GET", path, "", teacher.cookie).body.find("/review\""), std::string::npos);

  auto bare = request(port(), "POST", path + "/review", "decision=return&comment=&_csrf=" + reviewer.csrf,
                      form + reviewer.cookie);
  EXPECT_EQ(bare.status, 303);
  EXPECT_NE(bare.header("location").find("error=review_comment_required"), std::string::npos);
  EXPECT_NE(request(port(), "GET", bare.header("location"), "", reviewer.cookie).body.find("请写明需要修改"),
            std::string::npos);
  EXPECT_EQ(request(port(), "POST", path + "/review", "decision=approve&_csrf=" + resident.csrf, form + resident.cookie)
                .status,
            404);
  auto approved =
      request(port(), "POST", path + "/review", "decision=approve&_csrf=" + reviewer.csrf, form + reviewer.cookie);
  EXPECT_EQ(approved.status, 303);
  EXPECT_EQ(approved.header("location"), "/review?published=" + std::to_string(course));
  EXPECT_EQ(status_of(course, resident), "published");
  const auto after = request(port(), "GET", approved.header("location"), "", reviewer.cookie).body;
  EXPECT_NE(after.find("已通过审核并发布"), std::string::npos) << after;
  EXPECT_EQ(after.find("门课程等待审核"), std::string::npos) << "none waits any more";

  EXPECT_NE(request(port(), "GET", path, "", teacher.cookie).body.find("审核通过"), std::string::npos);
}

TEST(Review, AnAdministratorOfTheAreaMakesAResidentATeacher) {
  tree t;
  auto admin_a = sign_up_as("reviewer", t.district_a);
  auto admin_b = sign_up_as("reviewer", t.district_b);
  auto resident = sign_up_as("", std::nullopt, t.community);
  auto promote = [&](std::uint64_t unit, const std::string& username, const signed_in& by) {
    return request(port(), "POST", "/api/v1/units/" + std::to_string(unit) + "/teachers",
                   nlohmann::json{{"username", username}}.dump(), json_type + by.with_csrf());
  };
  EXPECT_EQ(promote(t.community, resident.username, admin_b).status, 403);  // not B's area
  EXPECT_EQ(promote(t.community, resident.username, resident).status, 403);
  EXPECT_EQ(promote(t.community, "nobody_" + unique_name(), admin_a).status, 404);
  EXPECT_EQ(promote(999999999, resident.username, admin_a).status, 404);
  auto create = [&](const signed_in& who) {
    return request(port(), "POST", "/api/v1/courses", nlohmann::json{{"title", "新课"}, {"category", "law"}}.dump(),
                   json_type + who.with_csrf());
  };
  EXPECT_EQ(create(resident).status, 403);
  ASSERT_EQ(promote(t.community, resident.username, admin_a).status, 200);
  // Roles come with the session: after signing in again the resident teaches.
  auto teacher = sign_in_again(resident);
  auto made = create(teacher);
  ASSERT_EQ(made.status, 201) << made.body;
  // The course belongs to the unit the teacher was made a teacher of: admin A sees it.
  const auto course = nlohmann::json::parse(made.body)["id"].get<std::uint64_t>();
  EXPECT_EQ(status_of(course, admin_a), "draft");
  EXPECT_EQ(status_of(course, admin_b), "404");
}
