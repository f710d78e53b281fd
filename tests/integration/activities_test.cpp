// Offline classes and events over HTTP: administrators record them within their area,
// residents nearby sign up within the places (also all at once), bad input is refused
// naming the field, and what took place counts in the area figures.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>

#include "org_fixture.hpp"
#include "storage/sql.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}
const std::string form_type = "Content-Type: application/x-www-form-urlencoded\r\n";

std::string tomorrow_china() {  // "YYYY-MM-DDT09:30", China time
  const auto t = std::chrono::system_clock::now() + std::chrono::hours(8 + 24);
  const std::chrono::year_month_day d{std::chrono::floor<std::chrono::days>(t)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT09:30", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}

nlohmann::json activity(std::uint64_t unit, int capacity, const std::string& title = "社区健康讲座") {
  return {{"unit_id", unit},       {"category", "health"},          {"title", title},
          {"place", "社区活动室"}, {"starts_at", tomorrow_china()}, {"capacity", capacity}};
}

std::uint64_t create(const signed_in& admin, const nlohmann::json& body) {
  auto r = request(port(), "POST", "/api/v1/activities", body.dump(), json_type + admin.with_csrf());
  EXPECT_EQ(r.status, 201) << r.body;
  return r.status == 201 ? nlohmann::json::parse(r.body)["id"].get<std::uint64_t>() : 0;
}

int sign_up(const signed_in& who, std::uint64_t id) {
  return request(port(), "PUT", "/api/v1/activities/" + std::to_string(id) + "/signup", "", who.with_csrf()).status;
}

// Moves the activity to yesterday, as if it had taken place.
void took_place(std::uint64_t id) {
  test_server::get().application->db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(
        db, "UPDATE offline_activities SET starts_at = UTC_TIMESTAMP() - INTERVAL 1 DAY WHERE id = ?");
    st->setUInt64(1, id);
    st->executeUpdate();
  });
}

nlohmann::json listed(const signed_in& who, std::uint64_t id) {
  auto r = request(port(), "GET", "/api/v1/activities", "", who.cookie);
  EXPECT_EQ(r.status, 200);
  const auto body = nlohmann::json::parse(r.body);
  for (const auto& a : body["activities"])
    if (a["id"] == id) return a;
  return nullptr;
}
}  // namespace

TEST(Activities, AdministratorsRecordThemAndResidentsNearbySignUpWithinThePlaces) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.street);
  const auto id = create(admin, activity(t.community, 2));
  auto r1 = sign_up_as("", std::nullopt, t.community), r2 = sign_up_as("", std::nullopt, t.community),
       r3 = sign_up_as("", std::nullopt, t.community), far = sign_up_as("", std::nullopt, t.community_b);

  const auto seen = listed(r1, id);
  ASSERT_FALSE(seen.is_null());
  EXPECT_EQ(seen["places_left"], 2);
  EXPECT_EQ(seen["unit"]["name"], "某社区");
  EXPECT_TRUE(seen["starts_at"].get<std::string>().ends_with(":30:00Z"));  // 09:30 China time, in UTC
  EXPECT_TRUE(listed(far, id).is_null());  // another district's community does not see it
  EXPECT_EQ(sign_up(r1, id), 200);
  EXPECT_EQ(sign_up(r1, id), 200);  // twice is once
  EXPECT_EQ(sign_up(r2, id), 200);
  EXPECT_EQ(sign_up(r3, id), 409);  // full
  EXPECT_EQ(sign_up(far, id), 404);
  EXPECT_TRUE(listed(r1, id)["signed_up"]);
  EXPECT_EQ(listed(r3, id)["places_left"], 0);
  EXPECT_EQ(
      request(port(), "DELETE", "/api/v1/activities/" + std::to_string(id) + "/signup", "", r1.with_csrf()).status,
      204);
  EXPECT_EQ(sign_up(r3, id), 200);  // the freed place
  EXPECT_EQ(listed(r2, id)["signups"], 2);

  // An activity held by the street is open to every community below it.
  const auto street_wide = create(admin, activity(t.street, 50, "街道太极班"));
  EXPECT_FALSE(listed(r1, street_wide).is_null());
  // Only administrators of the unit's area record activities.
  auto other = sign_up_as("reviewer", t.district_b);
  EXPECT_EQ(
      request(port(), "POST", "/api/v1/activities", activity(t.community, 5).dump(), json_type + other.with_csrf())
          .status,
      403);
  EXPECT_EQ(
      request(port(), "POST", "/api/v1/activities", activity(t.community, 5).dump(), json_type + r1.with_csrf()).status,
      403);
  EXPECT_EQ(request(port(), "POST", "/api/v1/activities", activity(t.community, 5).dump(), json_type).status, 401);
  EXPECT_EQ(
      request(port(), "POST", "/api/v1/activities", activity(t.district_a, 5).dump(), json_type + admin.with_csrf())
          .status,
      403);

  // After it took place: how many came counts in the figures; signing up is closed.
  const std::string participants = "/api/v1/activities/" + std::to_string(id) + "/participants";
  EXPECT_EQ(request(port(), "PUT", participants, R"({"participants": 25})", json_type + admin.with_csrf()).status, 409);
  took_place(id);
  took_place(street_wide);
  EXPECT_EQ(request(port(), "PUT", participants, R"({"participants": 25})", json_type + admin.with_csrf()).status, 200);
  EXPECT_EQ(request(port(), "PUT", "/api/v1/activities/" + std::to_string(street_wide) + "/participants",
                    R"({"participants": 10})", json_type + admin.with_csrf())
                .status,
            200);
  EXPECT_EQ(sign_up(r1, id), 409);
  for (const char* bad :
       {R"({"participants": -1})", R"({"participants": "ten"})", R"({"participants": 100001})", R"({})"}) {
    auto r = request(port(), "PUT", participants, bad, json_type + admin.with_csrf());
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["field"], "participants") << bad;
  }
  auto f = nlohmann::json::parse(
      request(port(), "GET", "/api/v1/stats/units/" + std::to_string(t.street), "", admin.cookie).body);
  EXPECT_EQ(f["total"]["activities"], 2);
  EXPECT_EQ(f["total"]["attendance"], 35);
  ASSERT_EQ(f["children"].size(), 1u);
  EXPECT_EQ(f["children"][0]["activities"], 1);  // the street's own is not the community's
  EXPECT_EQ(f["children"][0]["attendance"], 25);
  auto old = nlohmann::json::parse(
      request(port(), "GET", "/api/v1/stats/units/" + std::to_string(t.street) + "?from=2020-01-01&to=2020-01-31", "",
              admin.cookie)
          .body);
  EXPECT_EQ(old["total"]["activities"], 0);
}

TEST(Activities, BadInputIsRefusedNamingTheFieldAndNothingIsRecorded) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.street);
  auto with = [&](const char* key, nlohmann::json value) {
    auto body = activity(t.community, 10);
    if (value.is_null())
      body.erase(key);
    else
      body[key] = value;
    return body;
  };
  const std::vector<std::pair<nlohmann::json, std::string>> cases{{with("unit_id", nullptr), "unit_id"},
                                                                  {with("unit_id", "7"), "unit_id"},
                                                                  {with("unit_id", 999999999), "unit_id"},
                                                                  {with("category", "nope"), "category"},
                                                                  {with("title", ""), "title"},
                                                                  {with("title", std::string(201 * 3, 'x')), "title"},
                                                                  {with("title", "   "), "title"},
                                                                  {with("place", ""), "place"},
                                                                  {with("starts_at", "2026-13-01T10:00"), "starts_at"},
                                                                  {with("starts_at", "tomorrow"), "starts_at"},
                                                                  {with("starts_at", "2020-01-01T10:00"), "starts_at"},
                                                                  {with("starts_at", "2026-12-01 10:00"), "starts_at"},
                                                                  {with("capacity", 0), "capacity"},
                                                                  {with("capacity", 10001), "capacity"},
                                                                  {with("capacity", "3"), "capacity"},
                                                                  {with("capacity", 2.5), "capacity"}};
  for (const auto& [body, field] : cases) {
    auto r = request(port(), "POST", "/api/v1/activities", body.dump(), json_type + admin.with_csrf());
    EXPECT_TRUE(r.status == 400 || r.status == 403 || r.status == 404) << body.dump() << " " << r.status;
    if (r.status == 400) {
      EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["field"], field) << body.dump();
    }
  }
  EXPECT_EQ(request(port(), "POST", "/api/v1/activities", "{not json", json_type + admin.with_csrf()).status, 400);
  auto list = request(port(), "GET", "/api/v1/units/" + std::to_string(t.street) + "/activities", "", admin.cookie);
  EXPECT_EQ(nlohmann::json::parse(list.body)["activities"].size(), 0u);
  auto resident = sign_up_as("", std::nullopt, t.community);
  EXPECT_EQ(
      request(port(), "GET", "/api/v1/units/" + std::to_string(t.street) + "/activities", "", resident.cookie).status,
      403);
  EXPECT_EQ(sign_up(resident, 999999999), 404);
  auto homeless = sign_up(false);
  EXPECT_EQ(sign_up(homeless, 1), 409);  // no home community chosen yet
}

TEST(Activities, ManyResidentsSigningUpAtOnceNeverExceedThePlaces) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.street);
  const auto id = create(admin, activity(t.community, 3));
  std::vector<signed_in> residents;
  for (int i = 0; i < 8; ++i) residents.push_back(sign_up_as("", std::nullopt, t.community));
  std::atomic<int> accepted = 0, full = 0;
  std::vector<std::thread> threads;
  for (const auto& r : residents)
    threads.emplace_back([&, r] {
      const int status = sign_up(r, id);
      (status == 200 ? accepted : full) += status == 200 || status == 409;
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(accepted, 3);
  EXPECT_EQ(full, 5);
  EXPECT_EQ(listed(residents[0], id)["signups"], 3);
}

TEST(Activities, ThePagesSignUpAndRecordWithoutScripts) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.street);
  // A refused form keeps what was typed and marks the field.
  const std::string bad =
      "_csrf=" + admin.csrf + "&unit_id=" + std::to_string(t.community) +
      "&category=health&title=%E5%89%AA%E7%BA%B8%E8%AF%BE&place=%E6%B4%BB%E5%8A%A8%E5%AE%A4&starts_at=" +
      tomorrow_china() + "&capacity=0";
  auto refused = request(port(), "POST", "/admin/activities", bad, form_type + admin.cookie);
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("value=\"剪纸课\""), std::string::npos);
  EXPECT_NE(refused.body.find(
                "name=\"capacity\" type=\"number\" min=\"1\" max=\"10000\" required value=\"0\" aria-invalid=\"true\""),
            std::string::npos);
  auto saved =
      request(port(), "POST", "/admin/activities", bad.substr(0, bad.size() - 1) + "1", form_type + admin.cookie);
  EXPECT_EQ(saved.status, 303);
  auto page = request(port(), "GET", "/admin/activities", "", admin.cookie);
  EXPECT_NE(page.body.find("<th scope=\"row\">剪纸课</th>"), std::string::npos);
  const auto id =
      nlohmann::json::parse(
          request(port(), "GET", "/api/v1/units/" + std::to_string(t.street) + "/activities", "", admin.cookie)
              .body)["activities"][0]["id"]
          .get<std::uint64_t>();

  auto resident = sign_up_as("", std::nullopt, t.community), second = sign_up_as("", std::nullopt, t.community);
  auto list = request(port(), "GET", "/activities", "", resident.cookie);
  EXPECT_NE(list.body.find("action=\"/activities/" + std::to_string(id) + "/signup\""), std::string::npos);
  auto signed_up = request(port(), "POST", "/activities/" + std::to_string(id) + "/signup", "_csrf=" + resident.csrf,
                           form_type + resident.cookie);
  EXPECT_EQ(signed_up.status, 303);
  EXPECT_NE(request(port(), "GET", "/activities", "", resident.cookie).body.find("您已报名。"), std::string::npos);
  auto full = request(port(), "POST", "/activities/" + std::to_string(id) + "/signup", "_csrf=" + second.csrf,
                      form_type + second.cookie);
  EXPECT_EQ(full.status, 409);
  EXPECT_NE(full.body.find("很抱歉，名额已满。"), std::string::npos);
  EXPECT_EQ(
      request(port(), "POST", "/activities/" + std::to_string(id) + "/signup", "", form_type + second.cookie).status,
      403);

  took_place(id);
  EXPECT_EQ(request(port(), "POST", "/admin/activities/" + std::to_string(id) + "/participants",
                    "_csrf=" + admin.csrf + "&participants=many", form_type + admin.cookie)
                .status,
            400);
  EXPECT_EQ(request(port(), "POST", "/admin/activities/" + std::to_string(id) + "/participants",
                    "_csrf=" + admin.csrf + "&participants=18", form_type + admin.cookie)
                .status,
            303);
  EXPECT_NE(request(port(), "GET", "/admin/activities", "", admin.cookie).body.find("value=\"18\""), std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/admin/activities", "", resident.cookie).status, 403);
  EXPECT_EQ(request(port(), "GET", "/activities").status, 303);  // to sign in
}

namespace {
std::string days_from_now_china(int days) {  // "YYYY-MM-DDT09:30", China time
  const auto t = std::chrono::system_clock::now() + std::chrono::hours(8 + 24 * days);
  const std::chrono::year_month_day d{std::chrono::floor<std::chrono::days>(t)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT09:30", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                static_cast<unsigned>(d.day()));
  return buf;
}
nlohmann::json totals(const signed_in& admin, std::uint64_t unit) {
  // A period from a month back to a month ahead: upcoming classes count in it too.
  auto r = request(port(), "GET",
                   "/api/v1/stats/units/" + std::to_string(unit) + "?from=" + days_from_now_china(-30).substr(0, 10) +
                       "&to=" + days_from_now_china(30).substr(0, 10),
                   "", admin.cookie);
  EXPECT_EQ(r.status, 200) << r.body;
  return nlohmann::json::parse(r.body)["total"];
}
}  // namespace

// A class that already happened is recorded with its attendance in one step; an upcoming
// one is edited or cancelled, and the people who signed up see it.
TEST(Activities, PastClassesAreRecordedInOneStepAndUpcomingOnesEditedOrCancelled) {
  test_tree t;
  auto admin = sign_up_as("reviewer", t.street);
  auto other_admin = sign_up_as("reviewer", t.district_b);
  auto resident = sign_up_as("", std::nullopt, t.community);

  auto held = activity(t.community, 30, "上周的书法课");
  held["starts_at"] = days_from_now_china(-7);
  auto refused = request(port(), "POST", "/api/v1/activities", held.dump(), json_type + admin.with_csrf());
  EXPECT_EQ(refused.status, 400);  // how many came is the point of recording it
  EXPECT_EQ(nlohmann::json::parse(refused.body)["error"]["field"], "participants");
  held["participants"] = 24;
  const auto past = create(admin, held);
  const auto before = totals(admin, t.street);
  EXPECT_GE(before["attendance"].get<int>(), 24);
  auto ahead = activity(t.community, 30);
  ahead["participants"] = 5;  // nobody has come to an upcoming class yet
  EXPECT_EQ(request(port(), "POST", "/api/v1/activities", ahead.dump(), json_type + admin.with_csrf()).status, 400);
  held["starts_at"] = days_from_now_china(-400);
  EXPECT_EQ(request(port(), "POST", "/api/v1/activities", held.dump(), json_type + admin.with_csrf()).status, 400);
  // The page's form does it too.
  const std::string form =
      "_csrf=" + admin.csrf + "&unit_id=" + std::to_string(t.community) +
      "&category=arts&title=%E5%89%AA%E7%BA%B8&place=%E6%B4%BB%E5%8A%A8%E5%AE%A4&starts_at=" + days_from_now_china(-2) +
      "&capacity=20&participants=12";
  EXPECT_EQ(request(port(), "POST", "/admin/activities", form, form_type + admin.cookie).status, 303);
  EXPECT_EQ(totals(admin, t.street)["attendance"].get<int>(), before["attendance"].get<int>() + 12);

  // An upcoming class: a resident signs up, then it moves and is renamed.
  const auto id = create(admin, activity(t.community, 10, "健康讲座"));
  ASSERT_EQ(sign_up(resident, id), 200);
  const auto path = "/api/v1/activities/" + std::to_string(id);
  auto changed = activity(t.community, 10, "健康讲座（改到周六）");
  changed["starts_at"] = days_from_now_china(3);
  changed.erase("unit_id");
  EXPECT_EQ(request(port(), "PUT", path, changed.dump(), json_type + other_admin.with_csrf()).status, 403);
  auto too_few = changed;
  too_few["capacity"] = 0;
  EXPECT_EQ(request(port(), "PUT", path, too_few.dump(), json_type + admin.with_csrf()).status, 400);
  ASSERT_EQ(request(port(), "PUT", path, changed.dump(), json_type + admin.with_csrf()).status, 200);
  auto seen = listed(resident, id);
  EXPECT_EQ(seen["title"], "健康讲座（改到周六）");
  EXPECT_TRUE(seen["changed"].get<bool>());
  auto page = request(port(), "GET", "/activities", "", resident.cookie).body;
  EXPECT_NE(page.find("活动的时间、地点或名称有变动"), std::string::npos);

  // Cancelled: the resident sees it, nobody can sign up, and it leaves the figures.
  const auto count_before = totals(admin, t.street)["activities"].get<int>();
  const auto admin_page = request(port(), "GET", "/admin/activities", "", admin.cookie).body;
  EXPECT_NE(admin_page.find("action=\"/admin/activities/" + std::to_string(id) + "/cancel\""), std::string::npos);
  EXPECT_NE(admin_page.find("确定取消这个活动吗？"), std::string::npos);
  EXPECT_EQ(request(port(), "POST", "/admin/activities/" + std::to_string(id) + "/cancel", "_csrf=" + other_admin.csrf,
                    form_type + other_admin.cookie)
                .status,
            403);
  EXPECT_EQ(request(port(), "POST", "/admin/activities/" + std::to_string(id) + "/cancel", "_csrf=" + admin.csrf,
                    form_type + admin.cookie)
                .status,
            303);
  EXPECT_TRUE(listed(resident, id)["cancelled"].get<bool>());
  EXPECT_NE(request(port(), "GET", "/activities", "", resident.cookie).body.find("这个活动已取消。"),
            std::string::npos);
  auto newcomer = sign_up_as("", std::nullopt, t.community);
  EXPECT_TRUE(listed(newcomer, id).is_null());  // not offered to anyone new
  EXPECT_EQ(sign_up(newcomer, id), 409);
  EXPECT_EQ(totals(admin, t.street)["activities"].get<int>(), count_before - 1);
  EXPECT_EQ(request(port(), "PUT", path, changed.dump(), json_type + admin.with_csrf()).status, 409);
  EXPECT_EQ(request(port(), "POST", path + "/cancel", "{}", json_type + admin.with_csrf()).status, 409);
  // A class already held can be neither moved nor cancelled.
  EXPECT_EQ(request(port(), "POST", "/api/v1/activities/" + std::to_string(past) + "/cancel", "{}",
                    json_type + admin.with_csrf())
                .status,
            409);
}
