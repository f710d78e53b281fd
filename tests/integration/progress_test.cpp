// Progress through the HTTP API on the real database: skipping does not complete a
// lesson, replays and any order agree, and credits are awarded once even when reports
// for every lesson arrive at the same moment.
#include <gtest/gtest.h>

#include <future>
#include <nlohmann/json.hpp>
#include <regex>

#include "org_fixture.hpp"
#include "storage/sql.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}

// A published course of `lessons` ready lessons of 100 s each, worth 2.5 credits.
std::vector<std::uint64_t> published_course(int lessons) {
  auto teacher = sign_up(true);
  auto course = request(port(), "POST", "/api/v1/courses",
                        nlohmann::json{{"title", "进度测试"}, {"category", "health"}, {"credits", 2.5}}.dump(),
                        json_type + teacher.with_csrf());
  const auto course_id = nlohmann::json::parse(course.body)["id"].get<std::uint64_t>();
  std::vector<std::uint64_t> ids;
  for (int i = 0; i < lessons; ++i) {
    auto l =
        request(port(), "POST", "/api/v1/courses/" + std::to_string(course_id) + "/lessons",
                nlohmann::json{{"title", "第" + std::to_string(i + 1) + "课"}}.dump(), json_type + teacher.with_csrf());
    ids.push_back(nlohmann::json::parse(l.body)["id"].get<std::uint64_t>());
  }
  test_server::get().application->db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(db,
                                         "UPDATE lessons SET status = 'ready', media_version = 1, "
                                         "duration_ms = 100400 WHERE course_id = ?");
    st->setUInt64(1, course_id);
    st->executeUpdate();
  });
  publish_directly(course_id);
  return ids;
}

http_result report(const signed_in& who, std::uint64_t lesson, const nlohmann::json& body) {
  return request(port(), "POST", "/api/v1/lessons/" + std::to_string(lesson) + "/progress", body.dump(),
                 json_type + who.with_csrf());
}
nlohmann::json played(std::vector<std::pair<double, double>> ranges) {
  nlohmann::json list = nlohmann::json::array();
  for (auto [s, e] : ranges) list.push_back({s, e});
  return {{"ranges", list}};
}

int completions(std::uint64_t user) {
  return test_server::get().application->db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(db, "SELECT COUNT(*) FROM course_completions WHERE user_id = ?");
    st->setUInt64(1, user);
    lifelong::storage::rows r(st->executeQuery());
    r->next();
    return r->getInt(1);
  });
}
}  // namespace

TEST(Progress, SkippingToTheEndDoesNotComplete) {
  const auto lesson = published_course(1)[0];
  auto learner = sign_up();
  auto r = report(learner, lesson, played({{0, 5}, {95, 100.4}}));  // watched 5 s, dragged to the end
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["lesson"]["percent"], 10);
  EXPECT_EQ(j["lesson"]["completed"], false);
  EXPECT_EQ(j["course"]["completed"], false);
  EXPECT_EQ(completions(learner.id), 0);
}

TEST(Progress, ReplayedAndOutOfOrderReportsGiveTheSameResult) {
  const auto lesson = published_course(1)[0];
  auto in_order = sign_up(), shuffled = sign_up();
  for (auto range : std::vector<std::pair<double, double>>{{0, 30}, {30, 60}, {60, 95}})
    ASSERT_EQ(report(in_order, lesson, played({range})).status, 200);
  for (auto range : std::vector<std::pair<double, double>>{{60, 95}, {0, 30}, {60, 95}, {0, 30}, {30, 60}})
    ASSERT_EQ(report(shuffled, lesson, played({range})).status, 200);
  auto a = nlohmann::json::parse(report(in_order, lesson, played({})).body);
  auto b = nlohmann::json::parse(report(shuffled, lesson, played({})).body);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a["lesson"]["percent"], 95);
  EXPECT_EQ(a["lesson"]["completed"], true);
  EXPECT_EQ(a["course"]["completed"], true);
  EXPECT_DOUBLE_EQ(a["course"]["credits"].get<double>(), 2.5);
  EXPECT_EQ(completions(in_order.id), 1);
  EXPECT_EQ(completions(shuffled.id), 1);
}

TEST(Progress, CreditsAreAwardedOnceUnderConcurrentReports) {
  const auto lessons = published_course(3);
  auto learner = sign_up();
  // Every lesson but the last finished first; then the last one's reports race each other
  // and the replays of the others.
  for (std::size_t i = 0; i + 1 < lessons.size(); ++i)
    ASSERT_EQ(report(learner, lessons[i], played({{0, 100.4}})).status, 200);
  std::vector<std::future<int>> racing;
  for (int k = 0; k < 8; ++k)
    racing.push_back(std::async(std::launch::async, [&, k] {
      return report(learner, lessons[k % lessons.size()], played({{0, 100.4}})).status;
    }));
  for (auto& f : racing) EXPECT_EQ(f.get(), 200);
  EXPECT_EQ(completions(learner.id), 1);
  // Lessons finished in parallel from the start: still exactly one award.
  auto second = sign_up();
  std::vector<std::future<int>> all;
  for (int k = 0; k < 9; ++k)
    all.push_back(std::async(std::launch::async, [&, k] {
      return report(second, lessons[k % lessons.size()], played({{0, 100.4}})).status;
    }));
  for (auto& f : all) EXPECT_EQ(f.get(), 200);
  EXPECT_EQ(completions(second.id), 1);

  // Disjoint parts of one lesson reported at once: no part is lost to another's write.
  const auto single = published_course(1)[0];
  auto third = sign_up();
  std::vector<std::future<int>> parts;
  for (int k = 0; k < 10; ++k)
    parts.push_back(std::async(std::launch::async, [&, k] {
      return report(third, single, played({{k * 10.0, k * 10.0 + 10}})).status;
    }));
  for (auto& f : parts) EXPECT_EQ(f.get(), 200);
  auto total = nlohmann::json::parse(report(third, single, played({})).body);
  EXPECT_EQ(total["lesson"]["percent"], 100);
  EXPECT_EQ(completions(third.id), 1);
}

// Residents who start one course at the same moment: each first report creates rows in
// the same place of the same tables (the credit clock, the lesson's progress) and none of
// them is lost to InnoDB's deadlock detection.
TEST(Progress, ResidentsStartingOneCourseAtOnceAreAllCounted) {
  for (int round = 0; round < 4; ++round) {
    const auto lesson = published_course(1)[0];
    std::vector<signed_in> residents;
    for (int k = 0; k < 6; ++k) residents.push_back(sign_up());
    std::vector<std::future<http_result>> first;
    for (const auto& r : residents)
      first.push_back(std::async(std::launch::async, [&, r] { return report(r, lesson, played({{0, 10}})); }));
    for (auto& f : first) {
      const auto reply = f.get();
      EXPECT_EQ(reply.status, 200) << reply.body;
    }
  }
}

TEST(Progress, BadReportsAreRefusedAndNothingIsCounted) {
  const auto lesson = published_course(1)[0];
  auto learner = sign_up();
  for (const auto& bad : std::vector<nlohmann::json>{{{"ranges", "0-100"}},
                                                     {{"ranges", {{0}}}},
                                                     {{"ranges", {{50, 10}}}},
                                                     {{"ranges", {{-5, 10}}}},
                                                     {{"ranges", {{0, 1e9}}}},
                                                     {{"ranges", {{"0", "100"}}}},
                                                     {{"ranges", {{0, 100}}}, {"position_ms", -1}},
                                                     nlohmann::json::object()}) {
    auto r = report(learner, lesson, bad);
    EXPECT_EQ(r.status, 400) << bad.dump();
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["field"].is_string(), true) << r.body;
  }
  nlohmann::json many = nlohmann::json::array();
  for (int i = 0; i < 501; ++i) many.push_back({i * 0.1, i * 0.1 + 0.05});
  EXPECT_EQ(report(learner, lesson, {{"ranges", many}}).status, 400);
  EXPECT_EQ(request(port(), "POST", "/api/v1/lessons/" + std::to_string(lesson) + "/progress",
                    played({{0, 100}}).dump(), json_type + learner.cookie)
                .status,
            403);  // no CSRF token
  EXPECT_EQ(request(port(), "POST", "/api/v1/lessons/" + std::to_string(lesson) + "/progress",
                    played({{0, 100}}).dump(), json_type)
                .status,
            401);
  EXPECT_EQ(report(learner, 999999999, played({{0, 10}})).status, 404);
  // Nothing above counted: the first real report starts from zero.
  auto first = nlohmann::json::parse(report(learner, lesson, played({{0, 10}})).body);
  EXPECT_EQ(first["lesson"]["percent"], 10);

  // A lesson not yet ready, or someone else's draft, cannot take progress.
  auto teacher = sign_up(true);
  const auto draft_lesson = new_lesson(teacher, "草稿");
  EXPECT_EQ(report(learner, draft_lesson, played({{0, 10}})).status, 404);
  EXPECT_EQ(report(teacher, draft_lesson, played({{0, 10}})).status, 409);
}

TEST(Progress, MyLearningShowsCoursesInProgressCompletedCreditsAndHours) {
  auto learner = sign_up();
  auto empty = request(port(), "GET", "/me/learning", "", learner.cookie);
  ASSERT_EQ(empty.status, 200);
  EXPECT_NE(empty.body.find("还没有开始学习"), std::string::npos);

  const auto finished = published_course(1);
  const auto started = published_course(2);
  ASSERT_EQ(report(learner, finished[0], played({{0, 100.4}})).status, 200);
  ASSERT_EQ(report(learner, started[1], played({{0, 50}})).status, 200);

  auto r = request(port(), "GET", "/api/v1/me/learning", "", learner.cookie);
  ASSERT_EQ(r.status, 200);
  const auto j = nlohmann::json::parse(r.body);
  ASSERT_EQ(j["completed"].size(), 1u);
  EXPECT_DOUBLE_EQ(j["completed"][0]["credits"].get<double>(), 2.5);
  EXPECT_TRUE(std::regex_match(j["completed"][0]["completed_at"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  ASSERT_EQ(j["in_progress"].size(), 1u);
  EXPECT_EQ(j["in_progress"][0]["percent"], 25);                  // 50 of 200 s
  EXPECT_EQ(j["in_progress"][0]["continue_lesson"], started[1]);  // where they stopped
  EXPECT_DOUBLE_EQ(j["total_credits"].get<double>(), 2.5);
  EXPECT_EQ(j["seconds"], 150);                     // distinct seconds: 100 + 50
  EXPECT_DOUBLE_EQ(j["hours"].get<double>(), 0.0);  // shown to a tenth of an hour

  auto page = request(port(), "GET", "/me/learning", "", learner.cookie);
  EXPECT_NE(page.body.find("href=\"/lessons/" + std::to_string(started[1]) + "\""), std::string::npos);
  EXPECT_NE(page.body.find("id=\"total-credits\">2.5<"), std::string::npos);
  // The completion date as each language writes it, with the exact instant for machines.
  EXPECT_TRUE(std::regex_search(page.body, std::regex(R"(datetime="[0-9T:-]+Z">\d{4}年\d{1,2}月\d{1,2}日</time>)")));
  auto english = request(port(), "GET", "/me/learning?lang=en", "", learner.cookie);
  EXPECT_TRUE(std::regex_search(english.body, std::regex(R"(Z">\d{1,2} [A-Z][a-z]{2} \d{4}</time>)"))) << english.body;
  EXPECT_EQ(request(port(), "GET", "/api/v1/me/learning").status, 401);
  EXPECT_EQ(request(port(), "GET", "/me/learning").status, 303);
}
