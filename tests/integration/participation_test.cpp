// Participation figures by area over HTTP: a small, hand-counted city, the roll-up of the
// children equal to the parent, CSV for spreadsheets, bad periods, and each administrator
// seeing their own subtree only.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "org_fixture.hpp"
#include "storage/sql.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}

nlohmann::json figures(const signed_in& who, std::uint64_t unit, const std::string& query = "") {
  auto r = request(port(), "GET", "/api/v1/stats/units/" + std::to_string(unit) + query, "", who.cookie);
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? nlohmann::json::parse(r.body) : nlohmann::json::object();
}

void watch(const signed_in& who, std::uint64_t course, double seconds) {
  const auto id = std::to_string(course);
  EXPECT_EQ(request(port(), "PUT", "/api/v1/courses/" + id + "/enrolment", "", who.with_csrf()).status, 200);
  const auto lesson = nlohmann::json::parse(request(port(), "GET", "/api/v1/courses/" + id).body)["lessons"][0]["id"];
  EXPECT_EQ(request(port(), "POST", "/api/v1/lessons/" + lesson.dump() + "/progress",
                    nlohmann::json{{"ranges", {{0, seconds}}}}.dump(), json_type + who.with_csrf())
                .status,
            200);
}

// Moves the person's first learning day back, as if they had learned `days` ago: their
// day row, and their count in each unit of `home_and_above` (what the ledger had written).
void learned_days_ago(const signed_in& who, int days, const std::vector<std::uint64_t>& home_and_above) {
  test_server::get().application->db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(db, "UPDATE learning_days SET day = day - INTERVAL ? DAY WHERE user_id = ?");
    st->setInt(1, days);
    st->setUInt64(2, who.id);
    st->executeUpdate();
    for (auto unit : home_and_above) {
      auto today = lifelong::storage::prepare(
          db, "UPDATE unit_day_learners SET people = people - 1 WHERE unit_id = ? AND previous_day = '1000-01-01' "
              "AND day = DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR)");
      today->setUInt64(1, unit);
      ASSERT_EQ(today->executeUpdate(), 1);
      auto before = lifelong::storage::prepare(
          db, "INSERT INTO unit_day_learners (unit_id, day, previous_day, people) VALUES "
              "(?, DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) - INTERVAL ? DAY, '1000-01-01', 1) "
              "ON DUPLICATE KEY UPDATE people = people + 1");
      before->setUInt64(1, unit);
      before->setInt(2, days);
      before->execute();
    }
  });
}

void set_population(std::uint64_t unit, int population) {
  test_server::get().application->db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(db, "UPDATE org_units SET population = ? WHERE id = ?");
    st->setInt(1, population);
    st->setUInt64(2, unit);
    st->executeUpdate();
  });
}

const nlohmann::json& child(const nlohmann::json& f, std::uint64_t unit) {
  for (const auto& c : f["children"])
    if (c["unit"]["id"] == unit) return c;
  throw std::runtime_error("no such child");
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
  auto r = request(port(), "GET", "/api/v1/stats/units/" + std::to_string(t.city) + "?format=csv&from=2026-01-01&to=2026-01-31",
                   "", admin.cookie);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "text/csv; charset=utf-8");
  EXPECT_NE(r.header("content-disposition").find("attachment; filename=\"participation-"), std::string::npos);
  ASSERT_EQ(r.body.rfind("\xEF\xBB\xBF", 0), 0u);  // the byte-order mark
  const auto header = r.body.substr(3, r.body.find("\r\n") - 3);
  EXPECT_EQ(header, "单位,常住人口,注册居民,期间参与学习人数,近7天学习人数,近30天学习人数,参与率,报名人次,结业人次,获得学分,"
                    "学习时长（小时）,线下活动场次,线下活动参加人次");
  EXPECT_NE(r.body.find("\r\n甲区,"), std::string::npos);
  EXPECT_NE(r.body.find("\r\n乙区,"), std::string::npos);
  EXPECT_NE(r.body.find(" 合计,"), std::string::npos);
  int lines = 0;
  for (char c : r.body) lines += c == '\n';
  EXPECT_EQ(lines, 4);  // header, two districts, the total
  auto english = request(port(), "GET", "/api/v1/stats/units/" + std::to_string(t.city) + "?format=csv&lang=en", "",
                         admin.cookie);
  EXPECT_NE(english.body.find("Unit,Residents,Registered residents"), std::string::npos);
}

TEST(Participation, BadPeriodsAreRefusedNamingTheField) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.city);
  const auto base = "/api/v1/stats/units/" + std::to_string(t.city);
  for (const auto& [query, field] : std::vector<std::pair<std::string, std::string>>{
           {"?from=2026-13-01", "from"}, {"?to=yesterday", "to"}, {"?from=2026-02-30", "from"},
           {"?from=2026-1-5", "from"}, {"?from=2026-03-01&to=2026-02-01", "from"},
           {"?from=2020-01-01&to=2026-01-01", "from"}, {"?format=xlsx", "format"}}) {
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
  EXPECT_NE(page.body.find("class=\"chart-bar\""), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/api/v1/stats/units/" + city + "?format=csv&amp;from="), std::string::npos);
  // Drilling down keeps the period and offers the way back up.
  auto street = request(port(), "GET", "/admin/stats?unit=" + std::to_string(t.street) + "&from=2026-01-01&to=2026-06-30",
                        "", admin.cookie);
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
  const auto to = report.body.find(from) + from.size();  // "… — YYYY-MM-DD": up to today
  EXPECT_EQ(months, std::stoi(report.body.substr(to + 5, 2)));     // January up to this month
  EXPECT_NE(report.body.find("id=\"report-active\">1<"), std::string::npos);
  EXPECT_NE(report.body.find("id=\"report-children\""), std::string::npos);
  EXPECT_NE(report.body.find("id=\"report-courses\""), std::string::npos);
  EXPECT_NE(report.body.find("class=\"period-form no-print\""), std::string::npos);  // the form is not printed
  // Last year: a whole year of months, nothing learned.
  auto last = request(port(), "GET", "/admin/stats/report?unit=" + city + "&year=" + std::to_string(std::stoi(year) - 1), "",
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
  EXPECT_EQ(request(port(), "GET", "/admin/stats/report?unit=" + std::to_string(t.district_b), "", other.cookie).status, 200);
}

namespace {
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
  auto r = request(port(), "PUT", "/api/v1/me", nlohmann::json{{"display_name", "搬家的人"}, {"org_unit_id", t.community_b}}.dump(),
                   json_type + mover.with_csrf());
  ASSERT_EQ(r.status, 200) << r.body;
  const auto after = figures(admin, t.city);
  EXPECT_EQ(child(after, t.district_a)["registered"], 0);
  EXPECT_EQ(child(after, t.district_b)["registered"], 1);
  EXPECT_EQ(after["total"]["registered"], 1);
  // Saving the profile again without moving changes nothing.
  r = request(port(), "PUT", "/api/v1/me", nlohmann::json{{"display_name", "还在乙社区"}, {"org_unit_id", t.community_b}}.dump(),
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
      {"trend", "起始日期,期间参与学习人数,新开始学习人数,报名人次,结业人次,获得学分,学习时长（小时）"},
      {"categories", "课程类别,新开始学习人数,报名人次,结业人次,获得学分,学习时长（小时）"},
      {"groups", "学习人群,新开始学习人数,报名人次,结业人次,获得学分,学习时长（小时）"},
      {"courses", "课程,新开始学习人数,报名人次,结业人次,获得学分,学习时长（小时）"}};
  for (const auto& [table, header] : expected) {
    auto r = request(port(), "GET", base + "&table=" + table, "", admin.cookie);
    ASSERT_EQ(r.status, 200) << table << r.body;
    ASSERT_EQ(r.body.rfind("\xEF\xBB\xBF" + header + "\r\n", 0), 0u) << table << "\n" << r.body;
    EXPECT_NE(r.header("content-disposition").find("participation-" + table + "-"), std::string::npos);
  }
  EXPECT_NE(request(port(), "GET", base + "&table=categories", "", admin.cookie).body.find("\r\n人文艺术,1,1,0,0.0,0.0\r\n"),
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
