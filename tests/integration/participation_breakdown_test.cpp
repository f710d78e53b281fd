// Participation figures split by time, category, learner group and course, moving home,
// and every table as CSV: hand-counted over HTTP.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "participation_fixture.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}

const nlohmann::json& row_with(const nlohmann::json& list, const char* key, const nlohmann::json& value) {
  for (const auto& r : list)
    if (r[key] == value) return r;
  throw std::runtime_error("no row with " + std::string(key) + " = " + value.dump());
}

int sum_of(const nlohmann::json& list, const char* key) {
  int total = 0;
  for (const auto& r : list) total += r[key].get<int>();
  return total;
}
}  // namespace

TEST(Participation, TrendCategoriesGroupsAndTopCoursesMatchTheHandCount) {
  test_tree t;
  auto city_admin = sign_up_as("reviewer", t.city);
  auto teacher = sign_up_as("teacher", t.city);
  const auto health = published_course(teacher, unique_name("养生"), "health", {"older_adults"});
  const auto law = published_course(teacher, unique_name("防诈"), "law", {"older_adults", "families"});
  auto a1 = sign_up_as("", std::nullopt, t.community), a2 = sign_up_as("", std::nullopt, t.community);
  auto b1 = sign_up_as("", std::nullopt, t.community_b);
  watch(a1, health, 100);  // completes it
  watch(a2, health, 30);
  watch(a2, law, 50);
  watch(b1, law, 60);
  watch(a1, health, 100);  // a second report the same day: still one learner

  const auto f = figures(city_admin, t.city);
  EXPECT_EQ(f["trend_by"], "week");
  ASSERT_GE(f["trend"].size(), 5u);  // every week of the 30 days, empty ones too
  EXPECT_LE(f["trend"].size(), 6u);
  const auto& this_week = f["trend"].back();
  EXPECT_EQ(this_week["active"], 3);
  EXPECT_EQ(this_week["starters"], 4);
  EXPECT_EQ(this_week["enrolments"], 4);
  EXPECT_EQ(this_week["completions"], 1);
  EXPECT_EQ(sum_of(f["trend"], "starters"), 4);  // the earlier weeks are empty
  EXPECT_EQ(f["trend"].front()["start"].get<std::string>() <= f["from"].get<std::string>(), true);

  // Categories, most watched first: health 130 s, law 110 s.
  ASSERT_EQ(f["categories"].size(), 2u);
  EXPECT_EQ(f["categories"][0]["code"], "health");
  EXPECT_EQ(f["categories"][0]["name"], "卫生健康");
  EXPECT_EQ(f["categories"][0]["starters"], 2);
  EXPECT_EQ(f["categories"][0]["completions"], 1);
  EXPECT_DOUBLE_EQ(f["categories"][0]["credits"].get<double>(), 1.0);
  EXPECT_EQ(f["categories"][1]["code"], "law");
  EXPECT_EQ(f["categories"][1]["enrolments"], 2);
  // Learner groups: the anti-fraud course is for two groups and counts in both.
  EXPECT_EQ(row_with(f["groups"], "code", "older_adults")["starters"], 4);
  EXPECT_EQ(row_with(f["groups"], "code", "families")["starters"], 2);
  EXPECT_EQ(row_with(f["groups"], "code", "families")["name"], "家长与家庭");
  // Top courses in the same order, with their titles.
  ASSERT_EQ(f["top_courses"].size(), 2u);
  EXPECT_EQ(f["top_courses"][0]["id"], health);
  EXPECT_EQ(f["top_courses"][1]["id"], law);
  EXPECT_EQ(f["top_courses"][1]["starters"], 2);

  // Each district sees its own learning, and the two add up to the city.
  const auto a = figures(city_admin, t.district_a), b = figures(city_admin, t.district_b);
  ASSERT_EQ(b["top_courses"].size(), 1u);
  EXPECT_EQ(b["top_courses"][0]["id"], law);
  EXPECT_EQ(b["categories"].size(), 1u);
  for (const char* code : {"health", "law"})
    for (const char* key : {"starters", "enrolments", "completions"}) {
      int parts = 0;
      for (const auto* d : {&a, &b})
        for (const auto& c : (*d)["categories"])
          if (c["code"] == code) parts += c[key].get<int>();
      EXPECT_EQ(row_with(f["categories"], "code", code)[key].get<int>(), parts) << code << " " << key;
    }
  EXPECT_EQ(sum_of(a["trend"], "enrolments") + sum_of(b["trend"], "enrolments"), sum_of(f["trend"], "enrolments"));

  // By month: the first column is the month the period starts in.
  const auto m = figures(city_admin, t.city, "?from=2026-01-15&to=2026-03-02&by=month");
  ASSERT_EQ(m["trend"].size(), 3u);
  EXPECT_EQ(m["trend"][0]["start"], "2026-01-01");
  EXPECT_EQ(m["trend"][2]["start"], "2026-03-01");
  EXPECT_EQ(m["trend"][0]["label"], "2026年1月");
  const auto w = figures(city_admin, t.city, "?from=2026-11-01&to=2026-11-16&by=week");
  ASSERT_EQ(w["trend"].size(), 4u);  // weeks start on Monday, and 1 November 2026 is a Sunday
  EXPECT_EQ(w["trend"][0]["start"], "2026-10-26");
  EXPECT_EQ(w["trend"][3]["start"], "2026-11-16");
  // An old period has nothing to show, with every week still listed.
  const auto old = figures(city_admin, t.city, "?from=2020-01-01&to=2020-01-31&by=week");
  EXPECT_EQ(old["categories"].size(), 0u);
  EXPECT_EQ(old["top_courses"].size(), 0u);
  EXPECT_EQ(sum_of(old["trend"], "active"), 0);
  EXPECT_EQ(old["trend"].size(), 5u);
}

TEST(Participation, MovingHomeMovesThePersonInTheFigures) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.city);
  auto mover = sign_up_as("", std::nullopt, t.community);
  const auto before = figures(admin, t.city);
  EXPECT_EQ(child(before, t.district_a)["registered"], 1);
  EXPECT_EQ(child(before, t.district_b)["registered"], 0);
  auto r = request(port(), "PUT", "/api/v1/me",
                   nlohmann::json{{"display_name", "搬家的人"}, {"org_unit_id", t.community_b}}.dump(),
                   json_type + mover.with_csrf());
  ASSERT_EQ(r.status, 200) << r.body;
  const auto after = figures(admin, t.city);
  EXPECT_EQ(child(after, t.district_a)["registered"], 0);
  EXPECT_EQ(child(after, t.district_b)["registered"], 1);
  EXPECT_EQ(after["total"]["registered"], 1);
  // Saving the profile again without moving changes nothing.
  r = request(port(), "PUT", "/api/v1/me",
              nlohmann::json{{"display_name", "还在乙社区"}, {"org_unit_id", t.community_b}}.dump(),
              json_type + mover.with_csrf());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(figures(admin, t.city)["total"]["registered"], 1);
}

TEST(Participation, EachTableDownloadsAsCsvAndBadChoicesAreRefused) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.city);
  auto teacher = sign_up_as("teacher", t.city);
  const auto course = published_course(teacher, unique_name("剪纸, \"入门\""), "arts", {"older_adults"});
  auto learner = sign_up_as("", std::nullopt, t.community);
  watch(learner, course, 40);
  const auto base = "/api/v1/stats/units/" + std::to_string(t.city) + "?format=csv";
  const std::vector<std::pair<std::string, std::string>> expected{
      {"trend",
       "起始日期,期间参与学习人数,新开始学习人数,报名人次,结业人次,获得学分,学习时长（小时）,评价人次,平均星级,4–5 "
       "星占比"},
      {"satisfaction", "单位,评价人次,平均星级,4–5 星占比"},
      {"categories", "课程类别,新开始学习人数,报名人次,结业人次,获得学分,学习时长（小时）"},
      {"groups", "学习人群,新开始学习人数,报名人次,结业人次,获得学分,学习时长（小时）"},
      {"courses", "课程,新开始学习人数,报名人次,结业人次,获得学分,学习时长（小时）"}};
  for (const auto& [table, header] : expected) {
    auto r = request(port(), "GET", base + "&table=" + table, "", admin.cookie);
    ASSERT_EQ(r.status, 200) << table << r.body;
    ASSERT_EQ(r.body.rfind("\xEF\xBB\xBF" + header + "\r\n", 0), 0u) << table << "\n" << r.body;
    EXPECT_NE(r.header("content-disposition").find("participation-" + table + "-"), std::string::npos);
  }
  EXPECT_NE(
      request(port(), "GET", base + "&table=categories", "", admin.cookie).body.find("\r\n人文艺术,1,1,0,0.0,0.0\r\n"),
      std::string::npos);
  EXPECT_NE(request(port(), "GET", base + "&table=groups", "", admin.cookie).body.find("\r\n老年人,1,1,0,0.0,0.0\r\n"),
            std::string::npos);
  // A title with a comma and quotes stays one field.
  const auto courses = request(port(), "GET", base + "&table=courses", "", admin.cookie).body;
  EXPECT_NE(courses.find("\"剪纸, \"\"入门\"\""), std::string::npos) << courses;

  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"&table=people", "table"}, {"&table=", "table"}, {"&by=day", "by"}, {"&by=WEEK", "by"}}) {
    auto r = request(port(), "GET", base + query, "", admin.cookie);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["field"], field) << query;
  }
}
