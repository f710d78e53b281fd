// A teacher's figures for their course over HTTP: viewers, completion per lesson, and the
// retention curve read from what each viewer actually played; only for who may edit it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "org_fixture.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() { return test_server::get().port; }

// Plays these ranges of the course's first lesson (enrolling first).
void plays(const signed_in& who, std::uint64_t course, const nlohmann::json& ranges) {
  const auto id = std::to_string(course);
  ASSERT_EQ(request(port(), "PUT", "/api/v1/courses/" + id + "/enrolment", "", who.with_csrf()).status, 200);
  const auto lesson = nlohmann::json::parse(request(port(), "GET", "/api/v1/courses/" + id).body)["lessons"][0]["id"];
  ASSERT_EQ(request(port(), "POST", "/api/v1/lessons/" + lesson.dump() + "/progress",
                    nlohmann::json{{"ranges", ranges}}.dump(), json_type + who.with_csrf()).status,
            200);
}
}  // namespace

TEST(TeacherFigures, ViewsCompletionAndWhereViewersStopWatching) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.city);
  const auto course = published_course(teacher, unique_name("留存"), "health");  // one lesson of 100 s
  auto whole = sign_up_as("", std::nullopt, t.community), half = sign_up_as("", std::nullopt, t.community),
       skipper = sign_up_as("", std::nullopt, t.community);
  plays(whole, course, {{0, 100}});
  plays(half, course, {{0, 50}});
  plays(skipper, course, {{0, 20}, {60, 70}});

  const auto path = "/api/v1/courses/" + std::to_string(course) + "/figures";
  auto r = request(port(), "GET", path, "", teacher.cookie);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto f = nlohmann::json::parse(r.body);
  EXPECT_EQ(f["started"], 3);
  EXPECT_EQ(f["enrolled"], 3);
  EXPECT_EQ(f["completed"], 1);
  ASSERT_EQ(f["lessons"].size(), 1u);
  const auto& lesson = f["lessons"][0];
  EXPECT_EQ(lesson["viewers"], 3);
  EXPECT_EQ(lesson["completed"], 1);
  EXPECT_DOUBLE_EQ(lesson["completion_rate"].get<double>(), 0.333);
  EXPECT_EQ(lesson["average_seconds"], (100 + 50 + 30) / 3);
  const auto& curve = lesson["retention"];
  ASSERT_EQ(curve.size(), 20u);
  // The middle second of each twentieth: 2, 7, 12 ... 97.
  const std::vector<std::pair<int, double>> expected{{0, 1.0},  {3, 1.0},   {4, 0.667}, {9, 0.667},
                                                     {10, 0.333}, {12, 0.667}, {13, 0.667}, {14, 0.333}, {19, 0.333}};
  for (const auto& [point, share] : expected) EXPECT_DOUBLE_EQ(curve[point]["share"].get<double>(), share) << point;
  EXPECT_EQ(curve[0]["at_percent"], 2);
  EXPECT_EQ(curve[19]["at_percent"], 97);

  auto other = sign_up_as("teacher", t.city);
  EXPECT_EQ(request(port(), "GET", path, "", other.cookie).status, 403);
  EXPECT_EQ(request(port(), "GET", path, "", whole.cookie).status, 403);
  EXPECT_EQ(request(port(), "GET", path).status, 401);
  EXPECT_EQ(request(port(), "GET", "/api/v1/courses/999999999/figures", "", teacher.cookie).status, 404);

  auto page = request(port(), "GET", "/teach/courses/" + std::to_string(course) + "/figures", "", teacher.cookie);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"course-started\">3<"), std::string::npos);
  EXPECT_NE(page.body.find("<polyline points=\"48,10 "), std::string::npos);  // starts at 100 %
  EXPECT_NE(page.body.find("<th scope=\"row\">52%</th><td>33.3%</td>"), std::string::npos);
  EXPECT_NE(request(port(), "GET", "/teach/courses/" + std::to_string(course), "", teacher.cookie)
                .body.find("href=\"/teach/courses/" + std::to_string(course) + "/figures\""),
            std::string::npos);
  // A course nobody has watched says so instead of drawing an empty curve.
  const auto quiet = published_course(teacher, unique_name("冷门"), "law");
  auto empty = request(port(), "GET", "/teach/courses/" + std::to_string(quiet) + "/figures", "", teacher.cookie);
  EXPECT_NE(empty.body.find("还没有人观看这节课。"), std::string::npos);
  EXPECT_EQ(empty.body.find("<polyline"), std::string::npos);
}
