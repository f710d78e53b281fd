// A teacher renames, reorders and deletes lessons and takes a submission back, through
// the editor's forms (issue 20). A published course's lesson keeps its approved title for
// learners until review; nothing anyone learned is deleted.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/form.hpp"
#include "org_fixture.hpp"

using namespace lifelong::test_env;
using lifelong::http::url_encode;

namespace {
unsigned short port() {
  return test_server::get().port;
}
const std::string form_type = "Content-Type: application/x-www-form-urlencoded\r\n";

// A form post to the editor, as the page sends it.
http_result post_form(const std::string& path, const std::string& body, const signed_in& who) {
  return request(port(), "POST", path, body + (body.empty() ? "" : "&") + "_csrf=" + who.csrf, form_type + who.cookie);
}
http_result lesson_form(std::uint64_t lesson, const std::string& what, const std::string& body, const signed_in& who) {
  return post_form("/teach/lessons/" + std::to_string(lesson) + "/" + what, body, who);
}
nlohmann::json course_as(std::uint64_t id, const signed_in& who) {
  auto r = request(port(), "GET", "/api/v1/courses/" + std::to_string(id), "", who.cookie);
  EXPECT_EQ(r.status, 200) << r.body;
  return nlohmann::json::parse(r.body);
}
std::vector<std::string> titles(std::uint64_t course, const signed_in& who) {
  std::vector<std::string> out;
  const auto seen = course_as(course, who);  // kept: a loop over a temporary's part dangles
  for (const auto& l : seen["lessons"]) out.push_back(l["title"]);
  return out;
}
std::uint64_t lesson_id(std::uint64_t course, const signed_in& who, std::size_t at) {
  return course_as(course, who)["lessons"][at]["id"];
}
std::uint64_t add_lesson(std::uint64_t course, const std::string& title, const signed_in& teacher) {
  EXPECT_EQ(
      post_form("/teach/courses/" + std::to_string(course) + "/lessons", "title=" + url_encode(title), teacher).status,
      303);
  const auto lessons = course_as(course, teacher)["lessons"];
  return lessons.back()["id"];
}
http_result act(std::uint64_t course, const std::string& what, const signed_in& who, const nlohmann::json& body = {}) {
  return request(port(), "POST", "/api/v1/courses/" + std::to_string(course) + "/" + what,
                 body.is_null() ? "{}" : body.dump(), json_type + who.with_csrf());
}
std::string editor(std::uint64_t course, const signed_in& teacher, const std::string& query = "") {
  return request(port(), "GET", "/teach/courses/" + std::to_string(course) + query, "", teacher.cookie).body;
}
}  // namespace

TEST(LessonEditing, ATeacherRenamesReordersAndDeletesTheLessonsOfADraft) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto other = sign_up_as("teacher", t.community);
  const auto course = complete_course(teacher, "家庭急救");
  const auto first = lesson_id(course, teacher, 0);
  const auto second = add_lesson(course, "第二课：止血", teacher);
  const auto third = add_lesson(course, "第三课：包扎", teacher);
  const auto first_title = titles(course, teacher)[0];

  auto moved = lesson_form(third, "move", "direction=up", teacher);
  ASSERT_EQ(moved.status, 303);
  EXPECT_EQ(moved.header("location"), "/teach/courses/" + std::to_string(course));
  EXPECT_EQ(titles(course, teacher), (std::vector<std::string>{first_title, "第三课：包扎", "第二课：止血"}));
  ASSERT_EQ(lesson_form(first, "move", "direction=up", teacher).status, 303);  // already first: nothing moves
  ASSERT_EQ(lesson_form(first, "move", "direction=down", teacher).status, 303);
  EXPECT_EQ(titles(course, teacher), (std::vector<std::string>{"第三课：包扎", first_title, "第二课：止血"}));

  auto renamed = lesson_form(second, "title", "title=" + url_encode("第二课：学会止血"), teacher);
  EXPECT_EQ(renamed.header("location"), "/teach/courses/" + std::to_string(course) + "?done=renamed");
  EXPECT_NE(editor(course, teacher, "?done=renamed").find("课时已改名。"), std::string::npos);
  EXPECT_EQ(titles(course, teacher)[2], "第二课：学会止血");
  // A bad title changes nothing and says why.
  for (const std::string bad : {std::string(""), std::string(201, 'x'), std::string("%FF%FE")}) {
    auto refused = lesson_form(second, "title", "title=" + bad, teacher);
    EXPECT_NE(refused.header("location").find("error=title_invalid"), std::string::npos) << bad;
  }
  EXPECT_EQ(titles(course, teacher)[2], "第二课：学会止血");

  // Another teacher can do none of it.
  EXPECT_EQ(lesson_form(second, "title", "title=x", other).status, 404);  // a draft of someone else's
  EXPECT_EQ(lesson_form(second, "move", "direction=up", other).status, 404);
  EXPECT_EQ(lesson_form(second, "delete", "", other).status, 404);
  EXPECT_EQ(lesson_form(999999999, "delete", "", teacher).status, 404);
  EXPECT_EQ(titles(course, teacher).size(), 3u);

  // The teacher's own preview keeps where it stopped, which is no learner's record.
  ASSERT_EQ(request(port(), "PUT", "/api/v1/lessons/" + std::to_string(first) + "/position",
                    nlohmann::json{{"position_ms", 5000}}.dump(), json_type + teacher.with_csrf())
                .status,
            204);
  EXPECT_EQ(lesson_form(first, "delete", "", teacher).header("location"),
            "/teach/courses/" + std::to_string(course) + "?done=deleted");

  // The page asks before deleting, naming the lesson; then it is gone.
  const auto page = editor(course, teacher);
  EXPECT_NE(page.find("删除课时“第二课：学会止血”？"), std::string::npos);
  EXPECT_NE(page.find("action=\"/teach/lessons/" + std::to_string(second) + "/delete\""), std::string::npos);
  auto deleted = lesson_form(second, "delete", "", teacher);
  EXPECT_EQ(deleted.header("location"), "/teach/courses/" + std::to_string(course) + "?done=deleted");
  EXPECT_EQ(titles(course, teacher), (std::vector<std::string>{"第三课：包扎"}));
}

TEST(LessonEditing, APublishedLessonKeepsItsTitleForLearnersUntilTheChangesAreApproved) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto reviewer = sign_up_as("reviewer", t.district_a);
  auto learner = sign_up_as("", std::nullopt, t.community);
  const auto course = published_course(teacher, "银发出行", "safety");
  const auto lesson = lesson_id(course, teacher, 0);

  auto renamed = lesson_form(lesson, "title", "title=" + url_encode("第一课：安全过马路"), teacher);
  EXPECT_NE(renamed.header("location").find("done=renamed_pending"), std::string::npos);
  EXPECT_EQ(titles(course, teacher)[0], "第一课：安全过马路");
  EXPECT_EQ(titles(course, learner)[0], "第一课");
  EXPECT_EQ(request(port(), "GET", "/lessons/" + std::to_string(lesson), "", learner.cookie).body.find("安全过马路"),
            std::string::npos);
  EXPECT_NE(editor(course, teacher).find("新名称待审核"), std::string::npos);
  EXPECT_EQ(course_as(course, teacher)["changes"], "editing");

  // An approved lesson learners are taking is not deleted.
  auto refused = lesson_form(lesson, "delete", "", teacher);
  EXPECT_NE(refused.header("location").find("error=lesson_published"), std::string::npos);
  EXPECT_NE(editor(course, teacher, "?error=lesson_published").find("不能删除"), std::string::npos);
  EXPECT_EQ(titles(course, learner).size(), 1u);

  ASSERT_EQ(act(course, "submit", teacher).status, 200);
  ASSERT_EQ(act(course, "review", reviewer, {{"decision", "approve"}}).status, 200);
  EXPECT_EQ(titles(course, learner)[0], "第一课：安全过马路");

  // A new title that differs only in letter case is a new title too.
  ASSERT_EQ(lesson_form(lesson, "title", "title=" + url_encode("Lesson one"), teacher).status, 303);
  ASSERT_EQ(act(course, "submit", teacher).status, 200);
  ASSERT_EQ(act(course, "review", reviewer, {{"decision", "approve"}}).status, 200);
  auto cased = lesson_form(lesson, "title", "title=" + url_encode("LESSON ONE"), teacher);
  EXPECT_NE(cased.header("location").find("done=renamed_pending"), std::string::npos);
  EXPECT_EQ(titles(course, teacher)[0], "LESSON ONE");
  EXPECT_EQ(titles(course, learner)[0], "Lesson one");
}

TEST(LessonEditing, ALessonSomeoneHasWatchedIsNotDeleted) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto learner = sign_up_as("", std::nullopt, t.community);
  const auto course = published_course(teacher, "家庭理财", "family");
  const auto lesson = lesson_id(course, teacher, 0);
  ASSERT_EQ(request(port(), "POST", "/api/v1/lessons/" + std::to_string(lesson) + "/progress",
                    nlohmann::json{{"ranges", {{0, 30}}}}.dump(), json_type + learner.with_csrf())
                .status,
            200);
  ASSERT_EQ(act(course, "withdraw", teacher, {{"comment", "重新整理"}}).status, 200);  // a draft again
  auto refused = lesson_form(lesson, "delete", "", teacher);
  EXPECT_NE(refused.header("location").find("error=lesson_has_learners"), std::string::npos);
  EXPECT_EQ(titles(course, teacher).size(), 1u);
}

TEST(LessonEditing, ATeacherTakesASubmissionBackBeforeTheReviewerDecides) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto reviewer = sign_up_as("reviewer", t.district_a);
  const auto course = complete_course(teacher, "书法入门");
  const auto path = "/teach/courses/" + std::to_string(course);

  auto submitted = post_form(path + "/submit", "", teacher);
  EXPECT_EQ(submitted.header("location"), path + "?done=submitted");
  const auto waiting = editor(course, teacher, "?done=submitted");
  EXPECT_NE(waiting.find("已提交审核。"), std::string::npos);
  EXPECT_NE(waiting.find("action=\"" + path + "/recall\""), std::string::npos);

  EXPECT_EQ(post_form(path + "/recall", "", reviewer).status, 403);  // only its teacher takes it back
  auto recalled = post_form(path + "/recall", "", teacher);
  EXPECT_EQ(recalled.header("location"), path + "?done=recalled");
  EXPECT_EQ(course_as(course, teacher)["status"], "draft");
  auto again = post_form(path + "/recall", "", teacher);
  EXPECT_NE(again.header("location").find("error=nothing_to_recall"), std::string::npos);
  auto log = nlohmann::json::parse(
      request(port(), "GET", "/api/v1/courses/" + std::to_string(course) + "/reviews", "", teacher.cookie).body);
  ASSERT_EQ(log["reviews"].size(), 2u);
  EXPECT_EQ(log["reviews"][1]["action"], "recalled");
  // The history line has no empty quotes for a step without a comment.
  EXPECT_EQ(request(port(), "GET", "/courses/" + std::to_string(course), "", teacher.cookie).body.find("——“”"),
            std::string::npos);

  // A published course's submitted changes go back to being edited.
  const auto live = published_course(teacher, "太极拳", "health");
  const auto live_path = "/teach/courses/" + std::to_string(live);
  ASSERT_EQ(lesson_form(lesson_id(live, teacher, 0), "title", "title=" + url_encode("第一课：起势"), teacher).status,
            303);
  EXPECT_EQ(post_form(live_path + "/submit", "", teacher).header("location"), live_path + "?done=changes_submitted");
  EXPECT_EQ(course_as(live, teacher)["changes"], "submitted");
  EXPECT_EQ(post_form(live_path + "/recall", "", teacher).header("location"), live_path + "?done=recalled");
  EXPECT_EQ(course_as(live, teacher)["changes"], "editing");
}

TEST(LessonEditing, ANewCourseNeedsACategoryChosen) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto page = request(port(), "GET", "/teach", "", teacher.cookie);
  EXPECT_NE(page.body.find("<option value=\"\">请选择课程类别</option>"), std::string::npos);
  auto refused = post_form("/teach/courses", "title=" + url_encode("没有类别的课") + "&category=", teacher);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("请选择课程类别。"), std::string::npos);
  EXPECT_NE(refused.body.find("value=\"没有类别的课\""), std::string::npos);  // nothing typed is lost
}
