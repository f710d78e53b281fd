// The organisation tree and roles in it, through the HTTP API with real sessions:
// administrators change only their own subtree; the CSV import is all or nothing.
#include <gtest/gtest.h>

#include <iconv.h>

#include <nlohmann/json.hpp>

#include "org_fixture.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}
std::string unit_url(std::uint64_t id) {
  return "/api/v1/units/" + std::to_string(id);
}
const std::string csv_type = "Content-Type: text/csv\r\n";

std::vector<std::string> names_within(std::uint64_t unit) {
  auto r = request(port(), "GET", "/api/v1/units?within=" + std::to_string(unit));
  EXPECT_EQ(r.status, 200) << r.body;
  std::vector<std::string> out;
  const auto j = nlohmann::json::parse(r.body);
  for (const auto& u : j["units"]) out.push_back(std::string(u["depth"].get<int>(), '-') + u["name"].get<std::string>());
  return out;
}

std::string to_gbk(const std::string& utf8) {
  iconv_t cd = iconv_open("GBK", "UTF-8");
  std::string out(utf8.size() * 2, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size(), out_left = out.size();
  char* dst = out.data();
  EXPECT_NE(iconv(cd, &in, &in_left, &dst, &out_left), static_cast<std::size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  EXPECT_NE(out, utf8);
  return out;
}

std::string city_name(std::uint64_t city) {
  return names_within(city).front();
}
}  // namespace

TEST(Units, AnAdministratorChangesOnlyTheirOwnSubtree) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.district_a);
  auto made = request(port(), "POST", "/api/v1/units",
                      nlohmann::json{{"parent_id", t.district_a}, {"name", "新街道"}, {"population", 30000}}.dump(),
                      json_type + admin.with_csrf());
  ASSERT_EQ(made.status, 201) << made.body;
  const auto street = nlohmann::json::parse(made.body);
  EXPECT_EQ(street["level"], "street");
  EXPECT_EQ(street["population"], 30000);
  const auto street_id = street["id"].get<std::uint64_t>();

  auto add = [&](std::uint64_t parent, const std::string& name) {
    return request(port(), "POST", "/api/v1/units",
                   nlohmann::json{{"parent_id", parent}, {"name", name}}.dump(), json_type + admin.with_csrf())
        .status;
  };
  EXPECT_EQ(add(t.district_b, "别人的街道"), 403);
  EXPECT_EQ(add(t.city, "新区"), 403);
  EXPECT_EQ(add(999999999, "无"), 404);
  EXPECT_EQ(add(t.community, "楼栋"), 400);  // nothing below a community
  EXPECT_EQ(add(t.district_a, "新街道"), 409);  // a sibling of the same name
  EXPECT_EQ(add(t.district_a, ""), 400);
  EXPECT_EQ(add(t.district_a, std::string(51 * 3, 'x')), 400);
  EXPECT_EQ(request(port(), "POST", "/api/v1/units", nlohmann::json{{"name", "第二个市"}}.dump(),
                    json_type + admin.with_csrf())
                .status,
            403);
  // Without CSRF, without a session.
  EXPECT_EQ(request(port(), "POST", "/api/v1/units", nlohmann::json{{"parent_id", t.district_a}, {"name", "x"}}.dump(),
                    json_type + admin.cookie)
                .status,
            403);
  EXPECT_EQ(request(port(), "POST", "/api/v1/units", nlohmann::json{{"parent_id", t.district_a}, {"name", "x"}}.dump(),
                    json_type)
                .status,
            401);

  auto put = [&](std::uint64_t id, const nlohmann::json& body) {
    return request(port(), "PUT", unit_url(id), body.dump(), json_type + admin.with_csrf());
  };
  EXPECT_EQ(put(street_id, {{"name", "新街道（改）"}, {"population", 31000}}).status, 200);
  EXPECT_EQ(put(street_id, {{"name", "新街道"}, {"population", -1}}).status, 400);
  EXPECT_EQ(put(street_id, {{"name", "新街道"}, {"population", "many"}}).status, 400);
  EXPECT_EQ(put(street_id, {{"name", "新街道"}, {"population", 100000001}}).status, 400);
  EXPECT_EQ(put(street_id, {{"name", "某街道"}, {"population", 1}}).status, 409);
  EXPECT_EQ(put(t.district_b, {{"name", "乙区"}, {"population", 1}}).status, 403);
  EXPECT_EQ(names_within(street_id), std::vector<std::string>{"新街道（改）"});

  // Empty units go; a unit someone lives in stays.
  auto resident = sign_up_as("", std::nullopt, t.community);
  EXPECT_EQ(request(port(), "DELETE", unit_url(t.community), "", admin.with_csrf()).status, 409);
  EXPECT_EQ(request(port(), "DELETE", unit_url(t.community_b), "", admin.with_csrf()).status, 403);
  EXPECT_EQ(request(port(), "DELETE", unit_url(t.district_a), "", admin.with_csrf()).status, 403);  // their own top
  EXPECT_EQ(request(port(), "DELETE", unit_url(street_id), "", admin.with_csrf()).status, 204);
  EXPECT_EQ(request(port(), "DELETE", unit_url(street_id), "", admin.with_csrf()).status, 404);
  EXPECT_EQ(request(port(), "DELETE", unit_url(t.street), "", resident.with_csrf()).status, 403);
}

TEST(Units, ListingWithinAUnitGivesItsSubtreeInOrder) {
  test_tree t;
  EXPECT_EQ(names_within(t.district_a), (std::vector<std::string>{"甲区", "-某街道", "--某社区"}));
  EXPECT_EQ(names_within(t.city).size(), 7u);
  EXPECT_EQ(request(port(), "GET", "/api/v1/units?within=abc").status, 400);
  EXPECT_EQ(request(port(), "GET", "/api/v1/units?within=999999999").status, 404);
}

TEST(Units, ImportIsAllOrNothingAndReportsEveryBadLine) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.district_a);
  const auto city = city_name(t.city);
  auto import = [&](const std::string& csv, const signed_in& who) {
    return request(port(), "POST", "/api/v1/units/import", csv, csv_type + who.with_csrf());
  };
  const std::string header = "市,区县,街道,社区,常住人口\n";
  // Children before parents in the file, and a unit that exists: order does not matter.
  auto good = import(header + city + ",甲区,新街道,新社区一,3000\n" + city + ",甲区,新街道,新社区二,\n" + city +
                         ",甲区,新街道,,20000\n" + city + ",甲区,某街道,,15000\n",
                     admin);
  ASSERT_EQ(good.status, 200) << good.body;
  EXPECT_EQ(nlohmann::json::parse(good.body),
            (nlohmann::json{{"created", 3}, {"updated", 1}, {"unchanged", 0}}));
  EXPECT_EQ(names_within(t.district_a),
            (std::vector<std::string>{"甲区", "-新街道", "--新社区一", "--新社区二", "-某街道", "--某社区"}));

  // Again, with one change: only that is updated.
  auto again = import(header + city + ",甲区,新街道,新社区一,3100\n" + city + ",甲区,新街道,,20000\n", admin);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(nlohmann::json::parse(again.body), (nlohmann::json{{"created", 0}, {"updated", 1}, {"unchanged", 1}}));

  // A good row among bad ones: nothing is stored, every bad line is named at once.
  auto bad = import(header + city + ",甲区,好街道,,100\n" +   // 2: fine on its own
                        city + ",乙区,别人的街道,,100\n" +     // 3: outside the area
                        city + ",甲区,没有的街道,孤儿社区,5\n" +  // 4: parent missing
                        city + ",甲区,好街道,坏社区,abc\n" +   // 5: population
                        "另一个市,,,,1\n",                       // 6: outside
                    admin);
  ASSERT_EQ(bad.status, 400) << bad.body;
  auto error = nlohmann::json::parse(bad.body)["error"];
  std::vector<std::pair<int, std::string>> lines;
  for (const auto& p : error["lines"]) lines.emplace_back(p["line"].get<int>(), p["value"].get<std::string>());
  EXPECT_EQ(lines, (std::vector<std::pair<int, std::string>>{
                       {3, "别人的街道"}, {4, "没有的街道"}, {5, "abc"}, {6, "另一个市"}}))
      << bad.body;
  EXPECT_FALSE(error["message"].get<std::string>().empty());
  EXPECT_EQ(names_within(t.district_a).size(), 6u);  // 好街道 was not kept

  // A site administrator may not add a second city either.
  auto site_admin = sign_up_as("site_admin");
  auto second = import(header + "另一个市,,,,1\n", site_admin);
  ASSERT_EQ(second.status, 400);
  EXPECT_EQ(nlohmann::json::parse(second.body)["error"]["lines"][0]["value"], "另一个市");

  // GBK bytes, as a Chinese spreadsheet program saves them by default.
  auto gbk = import(to_gbk(header + city + ",甲区,东城街道,,9\n"), admin);
  ASSERT_EQ(gbk.status, 200) << gbk.body;
  EXPECT_EQ(names_within(t.district_a)[1], "-东城街道");

  EXPECT_EQ(request(port(), "POST", "/api/v1/units/import", header, "Content-Type: text/plain\r\n" + admin.with_csrf())
                .status,
            415);
  auto resident = sign_up();
  EXPECT_EQ(import(header, resident).status, 403);
  EXPECT_EQ(import("", admin).status, 400);
}

TEST(Units, AdministratorsNameTeachersAndStaffWhoseSessionsFollowAtOnce) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.district_a);
  auto person = sign_up();  // already signed in: the role must reach this session
  auto grant = [&](std::uint64_t unit, const char* kind, const std::string& username) {
    return request(port(), "POST", unit_url(unit) + "/" + kind, nlohmann::json{{"username", username}}.dump(),
                   json_type + admin.with_csrf());
  };
  auto roles = [&] {
    auto me = request(port(), "GET", "/api/v1/me", "", person.cookie);
    return nlohmann::json::parse(me.body)["user"]["roles"];
  };
  EXPECT_EQ(grant(t.community, "staff", person.username).status, 200);
  EXPECT_EQ(roles(), nlohmann::json::array({"staff"}));
  EXPECT_EQ(grant(t.community_b, "staff", person.username).status, 403);
  EXPECT_EQ(grant(t.community, "staff", "nobody-" + person.username).status, 404);

  auto people = request(port(), "GET", unit_url(t.district_a) + "/people", "", admin.cookie);
  ASSERT_EQ(people.status, 200);
  bool listed = false;
  const auto listing = nlohmann::json::parse(people.body);
  for (const auto& p : listing["people"])
    listed = listed || (p["username"] == person.username && p["role"] == "staff" && p["unit_id"] == t.community);
  EXPECT_TRUE(listed) << people.body;
  EXPECT_EQ(request(port(), "GET", unit_url(t.district_b) + "/people", "", admin.cookie).status, 403);

  EXPECT_EQ(request(port(), "DELETE", unit_url(t.street) + "/staff/" + std::to_string(person.id), "",
                    admin.with_csrf())
                .status,
            404);  // held in the community, not the street
  EXPECT_EQ(request(port(), "DELETE", unit_url(t.community) + "/staff/" + std::to_string(person.id), "",
                    admin.with_csrf())
                .status,
            204);
  EXPECT_EQ(roles(), nlohmann::json::array());
}

TEST(Units, TheAdministrationPageWalksTheAreaOneLevelAtATime) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.district_a);
  auto top = request(port(), "GET", "/admin/units", "", admin.cookie);
  ASSERT_EQ(top.status, 200);
  EXPECT_NE(top.body.find("某街道"), std::string::npos);
  EXPECT_EQ(top.body.find("某社区"), std::string::npos);  // one level at a time
  EXPECT_NE(top.body.find("/api/v1/units/import"), std::string::npos);
  auto down = request(port(), "GET", "/admin/units?unit=" + std::to_string(t.street), "", admin.cookie);
  ASSERT_EQ(down.status, 200);
  EXPECT_NE(down.body.find("某社区"), std::string::npos);
  EXPECT_NE(down.body.find("甲区</a>"), std::string::npos);  // the way back up
  EXPECT_EQ(request(port(), "GET", "/admin/units?unit=" + std::to_string(t.district_b), "", admin.cookie).status, 403);
  EXPECT_EQ(request(port(), "GET", "/admin/units?unit=x", "", admin.cookie).status, 404);
  EXPECT_EQ(request(port(), "GET", "/admin/units", "", sign_up().cookie).status, 403);
  EXPECT_EQ(request(port(), "GET", "/admin/units").status, 303);
}
