// Satisfaction by area (issue 21): ratings given, their average and the share of 4–5
// stars, under the community each rater lived in, rolled up from the units below, by week
// or month, on the dashboard, in the yearly report and in CSV.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "participation_fixture.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}
void rate(std::uint64_t course, const signed_in& who, int stars) {
  ASSERT_EQ(
      request(port(), "PUT", "/api/v1/courses/" + std::to_string(course) + "/enrolment", "", who.with_csrf()).status,
      200);
  auto r = request(port(), "PUT", "/api/v1/courses/" + std::to_string(course) + "/rating",
                   nlohmann::json{{"stars", stars}}.dump(), json_type + who.with_csrf());
  ASSERT_EQ(r.status, 200) << r.body;
}
}  // namespace

TEST(Satisfaction, RatingsCountUnderTheRatersCommunityAndRollUp) {
  test_tree t;
  auto city_admin = sign_up_as("reviewer", t.city);
  auto district_admin = sign_up_as("reviewer", t.district_a);
  auto teacher = sign_up_as("teacher", t.city, t.community);
  const auto course = published_course(teacher, unique_name("满意度"), "health");
  const auto other = published_course(teacher, unique_name("满意度二"), "law");
  // District A: 5, 4 and 2 stars (two of three satisfied); district B: 3 stars.
  auto a1 = sign_up_as("", std::nullopt, t.community), a2 = sign_up_as("", std::nullopt, t.community);
  auto b1 = sign_up_as("", std::nullopt, t.community_b);
  rate(course, a1, 5);
  rate(other, a1, 4);
  rate(course, a2, 2);
  rate(course, b1, 3);

  auto f = figures(city_admin, t.city);
  const auto& a = child(f, t.district_a);
  const auto& b = child(f, t.district_b);
  EXPECT_EQ(a["ratings"], 3);
  EXPECT_DOUBLE_EQ(a["rating_average"].get<double>(), 3.67);
  EXPECT_DOUBLE_EQ(a["satisfied_share"].get<double>(), 0.6667);
  EXPECT_EQ(b["ratings"], 1);
  EXPECT_DOUBLE_EQ(b["satisfied_share"].get<double>(), 0.0);
  EXPECT_EQ(f["total"]["ratings"], 4);  // the sum of the districts
  EXPECT_DOUBLE_EQ(f["total"]["rating_average"].get<double>(), 3.5);
  EXPECT_DOUBLE_EQ(f["total"]["satisfied_share"].get<double>(), 0.5);
  // The district's administrator sees the same for their district, and its street below.
  auto d = figures(district_admin, t.district_a);
  EXPECT_EQ(d["total"]["ratings"], 3);
  EXPECT_EQ(child(d, t.street)["ratings"], 3);
  // A rating changed counts once, in the period it was last given; none before it.
  rate(course, a2, 4);
  EXPECT_DOUBLE_EQ(child(figures(city_admin, t.city), t.district_a)["satisfied_share"].get<double>(), 1.0);
  EXPECT_EQ(figures(city_admin, t.city, "?from=2020-01-01&to=2020-12-31")["total"]["ratings"], 0);

  // The trend has them in this week's row; the CSV has a table of its own.
  const auto parts = figures(city_admin, t.city);
  int in_trend = 0;
  for (const auto& w : parts["trend"]) in_trend += w["ratings"].get<int>();
  EXPECT_EQ(in_trend, 4) << parts["trend"].dump().substr(0, 400);
  auto csv = request(port(), "GET", "/api/v1/stats/units/" + std::to_string(t.city) + "?format=csv&table=satisfaction",
                     "", city_admin.cookie);
  EXPECT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find("4–5 星占比"), std::string::npos);
  EXPECT_NE(csv.body.find(",3,4.33,1.0"), std::string::npos) << csv.body;  // district A: 5, 4, 4

  // The dashboard and the yearly report show them in words; no rating is a dash, not 0.
  auto page = request(port(), "GET", "/admin/stats?unit=" + std::to_string(t.city), "", city_admin.cookie);
  EXPECT_NE(page.body.find("id=\"satisfaction-stats\""), std::string::npos);
  EXPECT_NE(page.body.find("<td>4.3</td><td>100.0%</td>"), std::string::npos);
  auto report = request(port(), "GET", "/admin/stats/report?unit=" + std::to_string(t.city), "", city_admin.cookie);
  EXPECT_NE(report.body.find("id=\"satisfaction-stats\""), std::string::npos);
  auto empty = request(port(), "GET", "/admin/stats?unit=" + std::to_string(t.city) + "&from=2020-01-01&to=2020-12-31",
                       "", city_admin.cookie);
  EXPECT_NE(empty.body.find("<td>0</td><td>—</td><td>—</td>"), std::string::npos);
}
