// Participation figures by area over HTTP: a small, hand-counted city, the roll-up of the
// children equal to the parent, CSV for spreadsheets, bad periods, and each administrator
// seeing their own subtree only.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "participation_fixture.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}
}  // namespace

TEST(Participation, FiguresOfASmallCityMatchTheHandCount) {
  test_tree t;
  set_population(t.district_a, 100);
  set_population(t.district_b, 50);
  auto city_admin = sign_up_as("reviewer", t.city);
  auto teacher = sign_up_as("teacher", t.city, t.community);
  const auto course = published_course(teacher, unique_name("参与"), "health");  // one lesson of 100 s
  // District A: three residents (and the teacher), two of them learning; district B: two, one learning long ago.
  auto a1 = sign_up_as("", std::nullopt, t.community), a2 = sign_up_as("", std::nullopt, t.community);
  sign_up_as("", std::nullopt, t.community);
  auto b1 = sign_up_as("", std::nullopt, t.community_b);
  sign_up_as("", std::nullopt, t.community_b);
  watch(a1, course, 100);  // completes the course
  watch(a2, course, 30);
  watch(b1, course, 60);
  learned_days_ago(b1, 20, {t.community_b, t.street_b, t.district_b, t.city});  // in the last 30 days, not 7

  auto f = figures(city_admin, t.city);
  const auto& a = child(f, t.district_a);
  const auto& b = child(f, t.district_b);
  EXPECT_EQ(a["registered"], 4);  // the teacher lives there too
  EXPECT_EQ(a["active"], 2);
  EXPECT_EQ(a["active_7d"], 2);
  EXPECT_EQ(a["active_30d"], 2);
  EXPECT_DOUBLE_EQ(a["participation_rate"].get<double>(), 0.02);  // 2 of 100
  EXPECT_EQ(a["enrolments"], 2);
  EXPECT_EQ(a["completions"], 1);
  EXPECT_EQ(b["registered"], 2);
  EXPECT_EQ(b["active"], 1);  // the default period is 30 days
  EXPECT_EQ(b["active_7d"], 0);
  EXPECT_EQ(b["active_30d"], 1);
  EXPECT_DOUBLE_EQ(b["hours"].get<double>(), 0.0);  // 60 s
  EXPECT_EQ(b["completions"], 0);
  // The city is the sum of its districts, whatever the figure.
  for (const char* key : {"registered", "active", "active_7d", "active_30d", "enrolments", "completions"})
    EXPECT_EQ(f["total"][key].get<int>(), a[key].get<int>() + b[key].get<int>()) << key;
  EXPECT_DOUBLE_EQ(f["total"]["credits"].get<double>(), a["credits"].get<double>() + b["credits"].get<double>());
  // 190 s of distinct seconds in all: 100 + 30 + 60.
  EXPECT_DOUBLE_EQ(f["total"]["hours"].get<double>(), 0.1);

  // A period that ended before district B's learner started is empty for them.
  const auto old = figures(city_admin, t.city, "?from=2020-01-01&to=2020-12-31");
  EXPECT_EQ(old["total"]["active"], 0);
  EXPECT_EQ(old["total"]["registered"], 0);  // nobody had registered yet
  // A street's figures are its communities', and a community is its own.
  EXPECT_EQ(figures(city_admin, t.street)["total"]["active"], 2);
  EXPECT_EQ(figures(city_admin, t.community)["total"]["active"], 2);
  EXPECT_EQ(figures(city_admin, t.community)["children"].size(), 0u);
}

TEST(Participation, CsvOpensInSpreadsheetsWithTheChineseNamesIntact) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.city);
  auto r = request(port(), "GET",
                   "/api/v1/stats/units/" + std::to_string(t.city) + "?format=csv&from=2026-01-01&to=2026-01-31", "",
                   admin.cookie);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(r.header("content-disposition").find("attachment; filename=\"participation-"), std::string::npos);
  ASSERT_EQ(r.body.rfind("\xEF\xBB\xBF", 0), 0u);  // the byte-order mark
  const auto header = r.body.substr(3, r.body.find("\r\n") - 3);
  EXPECT_EQ(header,
            "单位,常住人口,注册居民,期间参与学习人数,近7天学习人数,近30天学习人数,参与率,报名人次,结业人次,获得学分,"
            "学习时长（小时）,线下活动场次,线下活动参加人次");
  EXPECT_NE(r.body.find("\r\n甲区,"), std::string::npos);
  EXPECT_NE(r.body.find("\r\n乙区,"), std::string::npos);
  EXPECT_NE(r.body.find(" 合计,"), std::string::npos);
  int lines = 0;
  for (char c : r.body) lines += c == '\n';
  EXPECT_EQ(lines, 4);  // header, two districts, the total
  auto english =
      request(port(), "GET", "/api/v1/stats/units/" + std::to_string(t.city) + "?format=csv&lang=en", "", admin.cookie);
  EXPECT_NE(english.body.find("Unit,Residents,Registered residents"), std::string::npos);
}

TEST(Participation, BadPeriodsAreRefusedNamingTheField) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.city);
  const auto base = "/api/v1/stats/units/" + std::to_string(t.city);
  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"?from=2026-13-01", "from"},
                                                        {"?to=yesterday", "to"},
                                                        {"?from=2026-02-30", "from"},
                                                        {"?from=2026-1-5", "from"},
                                                        {"?from=2026-03-01&to=2026-02-01", "from"},
                                                        {"?from=2020-01-01&to=2026-01-01", "from"},
                                                        {"?format=xlsx", "format"}}) {
    auto r = request(port(), "GET", base + query, "", admin.cookie);
    EXPECT_EQ(r.status, 400) << query;
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["field"], field) << query;
  }
}

TEST(Participation, EachAdministratorSeesOnlyTheirOwnSubtree) {
  test_tree t;
  auto district_a = sign_up_as("reviewer", t.district_a);
  auto street = sign_up_as("reviewer", t.street);
  auto resident = sign_up_as("", std::nullopt, t.community);
  auto teacher = sign_up_as("teacher", t.city, t.community);
  auto staff = sign_up_as("staff", t.community, t.community);
  auto site_admin = sign_up_as("site_admin");
  auto status = [&](const signed_in& who, std::uint64_t unit) {
    return request(port(), "GET", "/api/v1/stats/units/" + std::to_string(unit), "", who.cookie).status;
  };
  EXPECT_EQ(status(district_a, t.district_a), 200);
  EXPECT_EQ(status(district_a, t.street), 200);
  EXPECT_EQ(status(district_a, t.community), 200);
  EXPECT_EQ(status(district_a, t.district_b), 403);
  EXPECT_EQ(status(district_a, t.community_b), 403);
  EXPECT_EQ(status(district_a, t.city), 403);
  EXPECT_EQ(status(street, t.street), 200);
  EXPECT_EQ(status(street, t.district_a), 403);
  EXPECT_EQ(status(site_admin, t.city), 200);
  EXPECT_EQ(status(site_admin, t.community_b), 200);
  for (const auto* who : {&resident, &teacher, &staff}) EXPECT_EQ(status(*who, t.community), 403);
  EXPECT_EQ(request(port(), "GET", "/api/v1/stats/units/" + std::to_string(t.city)).status, 401);
  EXPECT_EQ(status(site_admin, 999999999), 404);
  EXPECT_EQ(request(port(), "GET", "/api/v1/stats/units/abc", "", site_admin.cookie).status, 404);
}

TEST(Participation, TheDashboardPageShowsTheAreaItsUnitsAndTheDownload) {
  test_tree t;
  set_population(t.district_a, 10);
  auto admin = sign_up_as("reviewer", t.city);
  auto teacher = sign_up_as("teacher", t.city, t.community);
  const auto course = published_course(teacher, unique_name("看板"), "law", {"everyone"});
  auto learner = sign_up_as("", std::nullopt, t.community);
  watch(learner, course, 40);
  const auto city = std::to_string(t.city);

  auto page = request(port(), "GET", "/admin/stats?unit=" + city, "", admin.cookie);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("id=\"total-active\">1<"), std::string::npos);
  EXPECT_NE(page.body.find("<th scope=\"row\"><a href=\"/admin/stats?unit=" + std::to_string(t.district_a)),
            std::string::npos);
  EXPECT_NE(page.body.find("<td>10.0%</td>"), std::string::npos);  // 1 of 10 residents in district A
  // A large population reads with its thousands separated, and a small share keeps its digits.
  set_population(t.district_b, 12500);
  page = request(port(), "GET", "/admin/stats?unit=" + city, "", admin.cookie);
  EXPECT_NE(page.body.find("<td>12,500</td>"), std::string::npos) << page.body;
  set_population(t.district_a, 2500);
  page = request(port(), "GET", "/admin/stats?unit=" + city, "", admin.cookie);
  EXPECT_NE(page.body.find("<td>0.04%</td>"), std::string::npos);  // 1 of 2,500: not "0.0%"
  EXPECT_NE(page.body.find("class=\"chart-bar\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/api/v1/stats/units/" + city + "?format=csv&amp;from="), std::string::npos);
  // Drilling down keeps the period and offers the way back up.
  auto street =
      request(port(), "GET", "/admin/stats?unit=" + std::to_string(t.street) + "&from=2026-01-01&to=2026-06-30", "",
              admin.cookie);
  EXPECT_EQ(street.status, 200);
  EXPECT_NE(street.body.find("value=\"2026-01-01\""), std::string::npos);
  EXPECT_NE(street.body.find("href=\"/admin/stats?unit=" + std::to_string(t.district_a)), std::string::npos);

  auto bad = request(port(), "GET", "/admin/stats?unit=" + city + "&from=tomorrow", "", admin.cookie);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("aria-invalid=\"true\" aria-describedby=\"period-error\""), std::string::npos);
  EXPECT_NE(bad.body.find("id=\"total-registered\""), std::string::npos);  // the default period is still shown

  auto district_b = sign_up_as("reviewer", t.district_b);
  EXPECT_EQ(request(port(), "GET", "/admin/stats?unit=" + city, "", district_b.cookie).status, 403);
  EXPECT_EQ(request(port(), "GET", "/admin/stats", "", district_b.cookie).status, 200);  // their own district
  EXPECT_EQ(request(port(), "GET", "/admin/stats", "", learner.cookie).status, 403);
  EXPECT_EQ(request(port(), "GET", "/admin/stats").status, 303);  // to sign in

  // The trend, the splits and the top courses, each with its table and download.
  EXPECT_NE(page.body.find("id=\"trend-stats\""), std::string::npos);
  EXPECT_NE(page.body.find("<th scope=\"row\">法律法规</th><td>1</td>"), std::string::npos);
  EXPECT_NE(page.body.find("<a href=\"/courses/" + std::to_string(course) + "\">"), std::string::npos);
  for (const char* table : {"trend", "categories", "groups", "courses"})
    EXPECT_NE(page.body.find("&amp;table=" + std::string(table) + "\""), std::string::npos) << table;
  EXPECT_NE(page.body.find("class=\"chart-axis\""), std::string::npos);  // the trend's columns
  auto monthly = request(port(), "GET", "/admin/stats?unit=" + city + "&by=month", "", admin.cookie);
  EXPECT_NE(monthly.body.find("<option value=\"month\" selected>"), std::string::npos);
  auto bad_step = request(port(), "GET", "/admin/stats?unit=" + city + "&by=day", "", admin.cookie);
  EXPECT_EQ(bad_step.status, 400);
  EXPECT_NE(bad_step.body.find("id=\"by\" name=\"by\" aria-invalid=\"true\""), std::string::npos);
  // An old period says there is nothing to show instead of empty tables.
  auto empty = request(port(), "GET", "/admin/stats?unit=" + city + "&from=2020-01-01&to=2020-01-31", "", admin.cookie);
  EXPECT_NE(empty.body.find("这段时间还没有学习记录。"), std::string::npos);
  EXPECT_EQ(empty.body.find("id=\"course-stats\""), std::string::npos);
}

TEST(Participation, TheYearlyReportShowsTheYearByMonthForPrinting) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.city);
  auto teacher = sign_up_as("teacher", t.city);
  const auto course = published_course(teacher, unique_name("年报"), "health");
  auto learner = sign_up_as("", std::nullopt, t.community);
  watch(learner, course, 100);
  const auto city = std::to_string(t.city);
  auto report = request(port(), "GET", "/admin/stats/report?unit=" + city, "", admin.cookie);
  ASSERT_EQ(report.status, 200) << report.body;
  const std::string year_field = "id=\"year\" name=\"year\" value=\"";
  const auto year = report.body.substr(report.body.find(year_field) + year_field.size(), 4);
  EXPECT_NE(report.body.find(year + "-01-01 — "), std::string::npos);
  int months = 0;
  for (auto at = report.body.find("<th scope=\"row\">" + year + "年"); at != std::string::npos;
       at = report.body.find("<th scope=\"row\">" + year + "年", at + 1))
    ++months;
  const std::string from = year + "-01-01 — ";
  const auto to = report.body.find(from) + from.size();         // "… — YYYY-MM-DD": up to today
  EXPECT_EQ(months, std::stoi(report.body.substr(to + 5, 2)));  // January up to this month
  EXPECT_NE(report.body.find("id=\"report-active\">1<"), std::string::npos);
  EXPECT_NE(report.body.find("id=\"report-children\""), std::string::npos);
  EXPECT_NE(report.body.find("id=\"report-courses\""), std::string::npos);
  EXPECT_NE(report.body.find("class=\"period-form no-print\""), std::string::npos);  // the form is not printed
  // Last year: a whole year of months, nothing learned.
  auto last =
      request(port(), "GET", "/admin/stats/report?unit=" + city + "&year=" + std::to_string(std::stoi(year) - 1), "",
              admin.cookie);
  ASSERT_EQ(last.status, 200);
  EXPECT_NE(last.body.find("-12-31"), std::string::npos);
  EXPECT_NE(last.body.find("id=\"report-active\">0<"), std::string::npos);
  for (const char* bad : {"1999", "3000", "20x6", "26", "2026.5"}) {
    auto r = request(port(), "GET", "/admin/stats/report?unit=" + city + "&year=" + bad, "", admin.cookie);
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_NE(r.body.find("id=\"year-error\""), std::string::npos) << bad;
  }
  auto other = sign_up_as("reviewer", t.district_b);
  EXPECT_EQ(request(port(), "GET", "/admin/stats/report?unit=" + city, "", other.cookie).status, 403);
  EXPECT_EQ(request(port(), "GET", "/admin/stats/report?unit=" + std::to_string(t.district_b), "", other.cookie).status,
            200);
}
