// Enrolling in and leaving a course, and certificates of completed courses with their
// public verification, over HTTP on the real database.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "http/form.hpp"
#include "org_fixture.hpp"
#include "storage/sql.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}

struct ready_course {
  std::uint64_t id = 0;
  std::uint64_t lesson = 0;
};

// Published, one ready lesson of 100 s, worth 2 credits.
ready_course published_course(const signed_in& teacher, const std::string& title) {
  auto r = request(port(), "POST", "/api/v1/courses",
                   nlohmann::json{{"title", title}, {"category", "law"}, {"credits", 2}}.dump(),
                   json_type + teacher.with_csrf());
  ready_course c;
  c.id = nlohmann::json::parse(r.body)["id"].get<std::uint64_t>();
  auto l = request(port(), "POST", "/api/v1/courses/" + std::to_string(c.id) + "/lessons",
                   nlohmann::json{{"title", "第一课"}}.dump(), json_type + teacher.with_csrf());
  c.lesson = nlohmann::json::parse(l.body)["id"].get<std::uint64_t>();
  test_server::get().application->db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(
        db, "UPDATE lessons SET status = 'ready', media_version = 1, duration_ms = 100000 WHERE id = ?");
    st->setUInt64(1, c.lesson);
    st->executeUpdate();
  });
  publish_directly(c.id);
  return c;
}

http_result watch(const signed_in& who, std::uint64_t lesson, double from, double to) {
  return request(port(), "POST", "/api/v1/lessons/" + std::to_string(lesson) + "/progress",
                 nlohmann::json{{"ranges", {{from, to}}}}.dump(), json_type + who.with_csrf());
}

nlohmann::json record_of(const signed_in& who) {
  return nlohmann::json::parse(request(port(), "GET", "/api/v1/me/learning", "", who.cookie).body);
}

http_result enrolment(const char* method, const signed_in& who, std::uint64_t course) {
  return request(port(), method, "/api/v1/courses/" + std::to_string(course) + "/enrolment", "", who.with_csrf());
}
}  // namespace

TEST(Enrolment, LeavingKeepsWhatWasLearnedAndEnrollingAgainContinues) {
  auto teacher = sign_up(true);
  auto c = published_course(teacher, unique_name("退出再来"));
  auto learner = sign_up();
  ASSERT_EQ(enrolment("PUT", learner, c.id).status, 200);
  ASSERT_EQ(enrolment("PUT", learner, c.id).status, 200);  // idempotent
  ASSERT_EQ(watch(learner, c.lesson, 0, 40).status, 200);
  auto record = record_of(learner);
  ASSERT_EQ(record["in_progress"].size(), 1u);
  EXPECT_EQ(record["in_progress"][0]["percent"], 40);

  auto left = enrolment("DELETE", learner, c.id);
  ASSERT_EQ(left.status, 200);
  EXPECT_EQ(nlohmann::json::parse(left.body)["enrolled"], false);
  EXPECT_EQ(enrolment("DELETE", learner, c.id).status, 200);  // idempotent
  EXPECT_EQ(record_of(learner)["in_progress"].size(), 0u);
  auto detail = request(port(), "GET", "/api/v1/courses/" + std::to_string(c.id), "", learner.cookie);
  EXPECT_EQ(nlohmann::json::parse(detail.body)["enrolled"], false);

  ASSERT_EQ(enrolment("PUT", learner, c.id).status, 200);
  record = record_of(learner);
  ASSERT_EQ(record["in_progress"].size(), 1u);
  EXPECT_EQ(record["in_progress"][0]["percent"], 40);  // nothing lost
  ASSERT_EQ(watch(learner, c.lesson, 40, 100).status, 200);
  record = record_of(learner);
  ASSERT_EQ(record["completed"].size(), 1u);

  // Leaving a completed course keeps its credits and certificate.
  ASSERT_EQ(enrolment("DELETE", learner, c.id).status, 200);
  record = record_of(learner);
  EXPECT_EQ(record["completed"].size(), 1u);
  EXPECT_EQ(record["total_credits"], 2.0);
}

TEST(Enrolment, OnlyPublishedCoursesOfferedToThePersonAndNeverAnonymously) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.street, t.community);
  auto c = published_course(teacher, unique_name("只给乙街道"));
  ASSERT_EQ(request(port(), "PUT", "/api/v1/courses/" + std::to_string(c.id) + "/audience",
                    nlohmann::json{{"unit_ids", {t.street_b}}}.dump(), json_type + teacher.with_csrf())
                .status,
            200);
  auto in_b = sign_up_as("", std::nullopt, t.community_b);
  auto in_a = sign_up_as("", std::nullopt, t.community);
  EXPECT_EQ(enrolment("PUT", in_b, c.id).status, 200);
  EXPECT_EQ(enrolment("PUT", in_a, c.id).status, 404);
  auto draft = request(port(), "POST", "/api/v1/courses", R"({"title":"草稿","category":"law"})",
                       json_type + teacher.with_csrf());
  EXPECT_EQ(enrolment("PUT", in_b, nlohmann::json::parse(draft.body)["id"].get<std::uint64_t>()).status, 404);
  EXPECT_EQ(enrolment("PUT", in_b, 999999999).status, 404);
  EXPECT_EQ(request(port(), "PUT", "/api/v1/courses/" + std::to_string(c.id) + "/enrolment").status, 401);
  EXPECT_EQ(request(port(), "PUT", "/api/v1/courses/" + std::to_string(c.id) + "/enrolment", "", in_b.cookie).status,
            403);  // no CSRF token
  EXPECT_EQ(request(port(), "PUT", "/api/v1/courses/abc/enrolment", "", in_b.with_csrf()).status, 404);
}

TEST(Enrolment, ThePageFormsEnrolAndLeave) {
  auto teacher = sign_up(true);
  auto c = published_course(teacher, unique_name("页面报名"));
  auto learner = sign_up();
  const std::string form_type = "Content-Type: application/x-www-form-urlencoded\r\n";
  const auto base = "/courses/" + std::to_string(c.id);
  // The teacher previews without enrolling: no button, and the service refuses.
  EXPECT_EQ(request(port(), "GET", base, "", teacher.cookie).body.find("action=\"" + base + "/enrol\""),
            std::string::npos);
  EXPECT_EQ(request(port(), "POST", base + "/enrol", "_csrf=" + teacher.csrf, form_type + teacher.cookie).status, 409);
  EXPECT_EQ(enrolment("PUT", teacher, c.id).status, 409);
  // Starting is enrolling: straight on to the first lesson.
  EXPECT_NE(request(port(), "GET", base, "", learner.cookie).body.find(">开始学习</button>"), std::string::npos);
  auto enrol = request(port(), "POST", base + "/enrol", "_csrf=" + learner.csrf, form_type + learner.cookie);
  EXPECT_EQ(enrol.status, 303);
  EXPECT_EQ(enrol.header("location"), "/lessons/" + std::to_string(c.lesson));
  auto page = request(port(), "GET", base, "", learner.cookie);
  EXPECT_NE(page.body.find("action=\"" + base + "/leave\""), std::string::npos);
  // Enrolled: one big button on, to the lesson to start with.
  const auto button = "id=\"continue-lesson\" href=\"/lessons/" + std::to_string(c.lesson) + "\"";
  EXPECT_NE(page.body.find(button), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("开始学习：第一课"), std::string::npos);
  EXPECT_NE(page.body.find("已学 0%"), std::string::npos);
  EXPECT_TRUE(std::regex_search(page.body, std::regex("1 节 · 1分40秒( · \\d+ 人在学)?<"))) << page.body;
  EXPECT_EQ(request(port(), "GET", "/?q=x", "", learner.cookie).body.find("id=\"continue-learning\""),
            std::string::npos)
      << "a search shows its results only";
  // Partway: continue where they stopped, the lesson's share beside it; and on the home page.
  ASSERT_EQ(watch(learner, c.lesson, 0, 40).status, 200);
  page = request(port(), "GET", base, "", learner.cookie);
  EXPECT_NE(page.body.find("继续学习：第一课"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("40%"), std::string::npos);
  const auto home = request(port(), "GET", "/", "", learner.cookie).body;
  EXPECT_NE(home.find("id=\"continue-learning\""), std::string::npos);
  EXPECT_NE(home.find("href=\"/lessons/" + std::to_string(c.lesson) + "\""), std::string::npos);
  // Finished: it says so, and leads to the certificate.
  ASSERT_EQ(watch(learner, c.lesson, 40, 100).status, 200);
  page = request(port(), "GET", base, "", learner.cookie);
  EXPECT_NE(page.body.find("已学完本课程"), std::string::npos) << page.body;
  EXPECT_NE(page.body.find("href=\"/me/certificates/" + std::to_string(c.id) + "\""), std::string::npos);
  EXPECT_NE(page.body.find("再看一遍：第一课"), std::string::npos);
  auto leave = request(port(), "POST", base + "/leave", "_csrf=" + learner.csrf, form_type + learner.cookie);
  EXPECT_EQ(leave.status, 303);
  page = request(port(), "GET", base + "?left=1", "", learner.cookie);
  EXPECT_NE(page.body.find("您已退出这门课程"), std::string::npos);
  EXPECT_NE(page.body.find("action=\"" + base + "/enrol\""), std::string::npos);
  EXPECT_EQ(request(port(), "POST", base + "/leave", "", form_type + learner.cookie).status, 403);  // no token
}

TEST(Certificates, ACompletedCourseHasACertificateAnyoneCanVerify) {
  auto teacher = sign_up(true);
  const auto title = unique_name("结业课程");
  auto c = published_course(teacher, title);
  auto learner = sign_up();
  const auto path = "/me/certificates/" + std::to_string(c.id);
  EXPECT_EQ(request(port(), "GET", path, "", learner.cookie).status, 404);  // not completed yet
  ASSERT_EQ(watch(learner, c.lesson, 0, 100).status, 200);

  auto page = request(port(), "GET", path, "", learner.cookie);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find(title), std::string::npos);
  EXPECT_NE(page.body.find("<svg class=\"certificate-qr\""), std::string::npos);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body, m, std::regex("id=\"verification-code\">([0-9A-Z]{4}(-[0-9A-Z]{4}){3})<")));
  const std::string code = m[1];
  EXPECT_NE(page.body.find("/verify/" + code), std::string::npos);
  // The same code every time it is opened.
  EXPECT_NE(request(port(), "GET", path, "", learner.cookie).body.find(code), std::string::npos);
  // Someone else cannot open it, and has none of their own.
  EXPECT_EQ(request(port(), "GET", path, "", sign_up().cookie).status, 404);
  EXPECT_EQ(request(port(), "GET", path).status, 303);  // anonymous: to sign-in

  // Anyone verifies it, typed however it was read off paper.
  auto j = nlohmann::json::parse(request(port(), "GET", "/api/v1/certificates/" + code).body);
  EXPECT_EQ(j["course_title"], title);
  EXPECT_EQ(j["credits"], "2.0");
  EXPECT_EQ(j["code"], code);
  std::string sloppy;
  for (char ch : code)
    if (ch != '-') sloppy += static_cast<char>(ch == '0' ? 'o' : ch == '1' ? 'l' : std::tolower(ch));
  EXPECT_EQ(request(port(), "GET", "/api/v1/certificates/" + sloppy).status, 200);
  auto verified = request(port(), "GET", "/verify?code=" + lifelong::http::url_encode(" " + sloppy + " "));
  EXPECT_EQ(verified.status, 200);
  EXPECT_NE(verified.body.find("这是一张有效的证书"), std::string::npos);
  EXPECT_NE(verified.body.find(title), std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/verify/" + code).status, 200);

  // A well-formed code nobody has, and codes that cannot be codes.
  const std::string other = code.substr(0, code.size() - 1) + (code.back() == 'A' ? 'B' : 'A');
  EXPECT_EQ(request(port(), "GET", "/api/v1/certificates/" + other).status, 404);
  auto missing = request(port(), "GET", "/verify/" + other);
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(missing.body.find("没有找到使用这个验证码的证书"), std::string::npos);
  for (const std::string& bad : std::vector<std::string>{"SHORT", "UUUU-UUUU-UUUU-UUUU", std::string(65, 'A'),
                                                         "%27%20OR%201%3D1", "ABCD-EFGH-JKMN-PQR%00"}) {
    EXPECT_EQ(request(port(), "GET", "/api/v1/certificates/" + bad).status, 400) << bad;
    if (bad.find("%00") != std::string::npos) continue;  // a query pair with NUL is dropped: the empty form
    auto p = request(port(), "GET", "/verify?code=" + bad);
    EXPECT_EQ(p.status, 400) << bad;
  }
  EXPECT_NE(request(port(), "GET", "/verify?code=123").body.find("验证码是 16 位字母和数字"), std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/verify").status, 200);  // the empty form
  // My learning links to it.
  EXPECT_NE(request(port(), "GET", "/me/learning", "", learner.cookie).body.find(path), std::string::npos);
}
