// The holes found when the portal was attacked (issue 15), each kept closed over HTTP.
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "env.hpp"
#include "http/errors.hpp"
#include "org_fixture.hpp"
#include "services/login_limiter.hpp"
#include "storage/sql.hpp"
#include "test_server.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}

bool sets_cookie(const http_result& r, const std::string& name) {
  auto [from, to] = r.headers.equal_range("set-cookie");
  for (auto it = from; it != to; ++it)
    if (it->second.rfind(name + "=", 0) == 0) return true;
  return false;
}

// Return addresses as an attacker would write them into a link.
const std::vector<std::string> hostile_returns{
    "%2F%0d%0aSet-Cookie:%20ll_sid%3Dattacker",  // header injection
    "%2F%0aSet-Cookie:%20ll_sid%3Dattacker",     // LF alone
    "%2F%09%2Fevil.example",                     // a tab browsers drop: "//evil.example"
    "%2F%5C%2Fevil.example",                     // "/\/evil.example"
    "%2F%2Fevil.example", "https%3A%2F%2Fevil.example", "%2F%00x"};
}  // namespace

TEST(Hardening, LanguageAndModeSwitchesNeverLeaveTheSiteNorWriteHeaders) {
  for (const auto& back : hostile_returns) {
    for (const std::string path : {"/lang/en?back=", "/mode/standard?back="}) {
      auto r = request(port(), "GET", path + back);
      EXPECT_EQ(r.status, 303) << path << back;
      EXPECT_EQ(r.header("location"), "/") << path << back;
      EXPECT_FALSE(sets_cookie(r, "ll_sid")) << path << back;
    }
  }
  EXPECT_EQ(request(port(), "GET", "/lang/en?back=%2Fcourses%3Fpage%3D2").header("location"), "/courses?page=2");
}

TEST(Hardening, SignInReturnsOnlyToALocalPath) {
  auto who = sign_up();
  for (const auto& next : hostile_returns) {
    auto page = request(port(), "GET", "/login?next=" + next);
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("name=\"next\" value=\"/\""), std::string::npos) << next;
    const auto cookie = page.header("set-cookie");
    const auto token = cookie.substr(8, cookie.find(';') - 8);
    auto signed_in = request(port(), "POST", "/login",
                             "username=" + who.username + "&password=a+long+password&next=" + next + "&_csrf=" + token,
                             "Content-Type: application/x-www-form-urlencoded\r\nCookie: ll_csrf=" + token + "\r\n");
    EXPECT_EQ(signed_in.status, 303) << next;
    EXPECT_EQ(signed_in.header("location"), "/") << next;
    auto [from, to] = signed_in.headers.equal_range("set-cookie");
    for (auto it = from; it != to; ++it) EXPECT_EQ(it->second.find("attacker"), std::string::npos) << next;
  }
}

TEST(Hardening, TitlesAreMeasuredInCharactersLikeTheirColumns) {
  auto teacher = sign_up(true);
  const std::string json_type = "Content-Type: application/json\r\n";
  auto create = [&](const std::string& title) {
    return request(port(), "POST", "/api/v1/courses", nlohmann::json{{"title", title}, {"category", "digital"}}.dump(),
                   json_type + teacher.with_csrf());
  };
  auto too_long = create(std::string(300, 'a'));  // 300 bytes, 300 characters: the column holds 200
  EXPECT_EQ(too_long.status, 400) << too_long.body;
  EXPECT_EQ(nlohmann::json::parse(too_long.body)["error"]["field"], "title");
  std::string chinese;
  for (int i = 0; i < 200; ++i) chinese += "学";  // 600 bytes, 200 characters: fits
  EXPECT_EQ(create(chinese).status, 201);
  EXPECT_EQ(create(chinese + "学").status, 400);
  const auto course = nlohmann::json::parse(create("标题").body)["id"].get<std::uint64_t>();
  auto lesson = request(port(), "POST", "/api/v1/courses/" + std::to_string(course) + "/lessons",
                        nlohmann::json{{"title", std::string(201, 'b')}}.dump(), json_type + teacher.with_csrf());
  EXPECT_EQ(lesson.status, 400) << lesson.body;
}

TEST(Hardening, ChangingTheNameKeepsTheHomeUnlessItIsNamed) {
  test_tree t;
  auto who = sign_up_as("", std::nullopt, t.community);
  const std::string json = "Content-Type: application/json\r\n";
  auto home = [&] { return test_server::get().application->users.find(who.id)->org_unit_id; };
  ASSERT_EQ(home(), t.community);
  EXPECT_EQ(request(port(), "PUT", "/api/v1/me", R"({"display_name":"老李"})", json + who.with_csrf()).status, 200);
  EXPECT_EQ(home(), t.community);  // before: cleared, and the person left the figures
  EXPECT_EQ(test_server::get().application->users.find(who.id)->display_name, "老李");
  EXPECT_EQ(request(port(), "PUT", "/api/v1/me",
                    nlohmann::json{{"display_name", "老李"}, {"org_unit_id", t.community_b}}.dump(),
                    json + who.with_csrf())
                .status,
            200);
  EXPECT_EQ(home(), t.community_b);
}

TEST(Hardening, AStreetAdministratorCannotTakeARoleAwayFromAnotherDistrict) {
  test_tree t;
  auto teacher_b = sign_up_as("teacher", t.street_b);  // teaches in district B
  auto admin_a = sign_up_as("reviewer", t.street);     // administers a street of district A
  const std::string json = "Content-Type: application/json\r\n";
  const auto username = test_server::get().application->users.find(teacher_b.id)->username;
  auto moved = request(port(), "POST", "/api/v1/units/" + std::to_string(t.street) + "/teachers",
                       nlohmann::json{{"username", username}}.dump(), json + admin_a.with_csrf());
  EXPECT_EQ(moved.status, 409) << moved.body;
  EXPECT_EQ(nlohmann::json::parse(moved.body)["error"]["field"], "username");
  // Still a teacher of district B's street, so A's administrator cannot remove it either.
  const auto roles = test_server::get().application->users.find(teacher_b.id)->role_units;
  ASSERT_TRUE(roles.count("teacher"));
  EXPECT_EQ(roles.at("teacher"), t.street_b);
  EXPECT_EQ(request(port(), "DELETE",
                    "/api/v1/units/" + std::to_string(t.street) + "/teachers/" + std::to_string(teacher_b.id), "",
                    admin_a.with_csrf())
                .status,
            404);
  // Granting what is already held here is fine (and changes nothing).
  auto local = sign_up_as("teacher", t.street);
  const auto local_name = test_server::get().application->users.find(local.id)->username;
  EXPECT_EQ(request(port(), "POST", "/api/v1/units/" + std::to_string(t.street) + "/teachers",
                    nlohmann::json{{"username", local_name}}.dump(), json + admin_a.with_csrf())
                .status,
            200);
}

TEST(Hardening, StaffCannotReissueACardForAPasswordAccount) {
  test_tree t;
  auto staff = sign_up_as("staff", t.community);
  auto resident = sign_up_as("", std::nullopt, t.community);  // signs in with a password
  const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n";
  for (const std::string action : {"reissue", "revoke"}) {
    auto r = request(port(), "POST", "/staff/cards/" + std::to_string(resident.id) + "/" + action,
                     "_csrf=" + staff.csrf, form + staff.cookie);
    EXPECT_EQ(r.status, 403) << action;
    EXPECT_FALSE(sets_cookie(r, "ll_sid")) << action;
  }
  EXPECT_EQ(request(port(), "GET", "/api/v1/me", "", resident.cookie).status, 200);  // still signed in
}

TEST(Hardening, AVideoSentWholeCountsAgainstTheTeachersQuota) {
  auto teacher = sign_up(true);  // the test server's quota is 3 MiB, one request at most 1 MiB
  const std::string body(900 * 1024, 'v');
  int accepted = 0, refused = 0;
  for (int i = 0; i < 5; ++i) {
    const auto lesson = new_lesson(teacher, "配额 " + std::to_string(i));
    auto r = request(port(), "PUT", "/api/v1/lessons/" + std::to_string(lesson) + "/video", body,
                     "Content-Type: video/mp4\r\n" + teacher.with_csrf());
    if (r.status == 202) ++accepted;
    if (r.status == 413) {
      ++refused;
      EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["code"], "quota_exceeded");
    }
  }
  EXPECT_EQ(accepted, 3);  // 2.7 MiB kept; a fourth would make 3.5
  EXPECT_EQ(refused, 2);
}

TEST(Hardening, AReplacedVideoNoLongerCountsAgainstTheQuota) {
  auto teacher = sign_up(true);  // quota 3 MiB
  const std::string body(900 * 1024, 'v');
  std::vector<std::uint64_t> lessons;
  for (int i = 0; i < 3; ++i) {
    lessons.push_back(new_lesson(teacher, "替换 " + std::to_string(i)));
    ASSERT_EQ(request(port(), "PUT", "/api/v1/lessons/" + std::to_string(lessons.back()) + "/video", body,
                      "Content-Type: video/mp4\r\n" + teacher.with_csrf())
                  .status,
              202);
  }
  // 2.7 MiB in use; a new video for the first lesson replaces 0.9 of it.
  for (int again = 0; again < 2; ++again)
    EXPECT_EQ(request(port(), "PUT", "/api/v1/lessons/" + std::to_string(lessons[0]) + "/video", body,
                      "Content-Type: video/mp4\r\n" + teacher.with_csrf())
                  .status,
              202);
}

TEST(Hardening, VideosSentWholeAtOnceCannotPassTheQuotaTogether) {
  auto teacher = sign_up(true);  // quota 3 MiB: three of these fit, never more
  const std::string body(900 * 1024, 'v');
  std::vector<std::uint64_t> lessons;
  for (int i = 0; i < 8; ++i) lessons.push_back(new_lesson(teacher, "同时 " + std::to_string(i)));
  std::vector<std::future<int>> sent;
  for (const auto lesson : lessons)
    sent.push_back(std::async(std::launch::async, [&, lesson] {
      return request(port(), "PUT", "/api/v1/lessons/" + std::to_string(lesson) + "/video", body,
                     "Content-Type: video/mp4\r\n" + teacher.with_csrf())
          .status;
    }));
  int accepted = 0;
  for (auto& s : sent) {
    const int status = s.get();
    EXPECT_TRUE(status == 202 || status == 413) << status;
    accepted += status == 202;
  }
  EXPECT_EQ(accepted, 3);
}

TEST(Hardening, EveryReplyCarriesTheBrowserProtections) {
  for (const std::string path : {"/", "/login", "/static/css/app.css", "/api/v1/courses", "/nothing-here"}) {
    auto r = request(port(), "GET", path);
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << path;
    EXPECT_NE(r.header("content-security-policy").find("script-src 'self'"), std::string::npos) << path;
    EXPECT_NE(r.header("content-security-policy").find("frame-ancestors 'none'"), std::string::npos) << path;
    EXPECT_EQ(r.header("referrer-policy"), "same-origin") << path;
  }
}

TEST(Hardening, LearningCardLinksComeFromTheConfiguredAddressNotTheHostHeader) {
  test_tree t;
  auto staff = sign_up_as("staff", t.community);
  const std::string fields = "display_name=%E5%90%B4%E9%98%BF%E5%A7%A8&username=&org_unit_id=" +
                             std::to_string(t.community) + "&_csrf=" + staff.csrf;
  // The Host header as an attacker's link or proxy would set it.
  auto forged = raw_exchange(port(), "POST /staff/cards HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n"
                                     "Content-Type: application/x-www-form-urlencoded\r\n" +
                                         staff.cookie + "Content-Length: " + std::to_string(fields.size()) +
                                         "\r\n\r\n" + fields);
  ASSERT_EQ(forged.status, 200) << forged.body;
  const auto& site = test_server::get().application->cfg.server.public_url;
  EXPECT_NE(forged.body.find(site + "/card/"), std::string::npos) << site;
  EXPECT_EQ(forged.body.find("evil.example"), std::string::npos);
}

TEST(Hardening, TextThatIsNotUtf8IsRefusedOnItsFieldNotWithA500) {
  auto teacher = sign_up(true);
  auto r = request(port(), "POST", "/teach/courses", "title=%E9%98%B2%FF%FE&category=digital&_csrf=" + teacher.csrf,
                   "Content-Type: application/x-www-form-urlencoded\r\n" + teacher.cookie);
  EXPECT_EQ(r.status, 400) << r.body.substr(0, 300);
}

TEST(Hardening, AUnitNamedLikeAFormulaStaysTextInTheCsv) {
  test_tree t;
  add_unit("district", "=HYPERLINK(\"http://evil.example\",\"点此\")", t.city);
  add_unit("district", "+1-1", t.city);
  auto admin = sign_up_as("reviewer", t.city);
  auto r = request(port(), "GET", "/api/v1/stats/units/" + std::to_string(t.city) + "?format=csv", "", admin.cookie);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("\r\n\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"点此\"\")\","), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\r\n'+1-1,"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("\r\n=HYPERLINK"), std::string::npos);
}

TEST(Hardening, ASmallDistrictsReviewQueueIsNotCutOffByTheRestOfTheCity) {
  test_tree busy, small;
  auto teacher = sign_up_as("teacher", busy.street);
  auto& db = test_server::get().application->db;
  auto run = [&](const std::string& sql) {
    db.with([&](sql::Connection& c) { lifelong::storage::prepare(c, sql.c_str())->execute(); });
  };
  // 501 older submissions elsewhere, made in one statement; removed whatever happens.
  const auto elsewhere = std::to_string(busy.community), by = std::to_string(teacher.id);
  run("INSERT INTO courses (title, summary, category_code, teacher_id, org_unit_id, status, updated_at) "
      "SELECT CONCAT('待审 ', seq), '', 'digital', " + by + ", " + elsewhere +
      ", 'submitted', '2000-01-01' FROM seq_1_to_501");
  struct cleanup {
    std::function<void()> f;
    ~cleanup() { f(); }
  } remove_them{[&] { run("DELETE FROM courses WHERE teacher_id = " + by + " AND updated_at = '2000-01-01'"); }};

  auto small_teacher = sign_up_as("teacher", small.street);
  auto reviewer = sign_up_as("reviewer", small.district_a);
  const auto course = complete_course(small_teacher, "小区的课");
  ASSERT_EQ(request(port(), "POST", "/api/v1/courses/" + std::to_string(course) + "/submit", "{}",
                    "Content-Type: application/json\r\n" + small_teacher.with_csrf())
                .status,
            200);
  const auto queue = nlohmann::json::parse(request(port(), "GET", "/api/v1/review/queue", "", reviewer.cookie).body);
  bool found = false;
  for (const auto& c : queue["courses"]) found = found || c["id"] == course;
  EXPECT_TRUE(found) << queue.dump().substr(0, 300);
}

TEST(Hardening, ParallelWrongPasswordsCannotOverrunTheSignInLimit) {
  auto who = sign_up();
  std::atomic<int> checked{0}, refused{0};
  std::vector<std::thread> guessers;
  for (int i = 0; i < 40; ++i)
    guessers.emplace_back([&] {
      const auto r = request(port(), "POST", "/api/v1/session",
                             nlohmann::json{{"username", who.username}, {"password", "guess"}}.dump(),
                             "Content-Type: application/json\r\n");
      if (r.status == 401) ++checked;
      if (r.status == 429) ++refused;
    });
  for (auto& t : guessers) t.join();
  EXPECT_EQ(checked.load(), 5);  // the limit, however many arrive at once (before: 12 of 40)
  EXPECT_EQ(refused.load(), 35);
}

TEST(Hardening, RegistrationChecksCheapThingsBeforeHashingAndHashingIsBounded) {
  auto& app = *test_server::get().application;
  auto existing = sign_up();
  // No hashing slot at all: whatever needs a hash is turned away (after a short wait),
  // and a taken name is answered without one.
  lifelong::services::user_service no_slots(app.db, 0);
  try {
    no_slots.register_user({existing.username, "同名的人", "another long password", std::nullopt});
    ADD_FAILURE() << "a taken name was accepted";
  } catch (const lifelong::services::error& e) {
    EXPECT_EQ(e.kind, lifelong::services::refusal::conflict);  // before: the hash first, so here busy
  }
  try {
    no_slots.register_user({unique_name("new"), "新人", "another long password", std::nullopt});
    ADD_FAILURE() << "hashed without a slot";
  } catch (const lifelong::services::error& e) {
    EXPECT_EQ(e.kind, lifelong::services::refusal::busy);
    EXPECT_GT(e.retry_after_seconds, 0);
  }
}

TEST(Hardening, RegistrationsFromOneAddressAreLimited) {
  lifelong::services::login_limiter limiter(test_server::get().application->redis,
                                            {5, 30, std::chrono::seconds(60), 3});
  const auto address = unique_name("address"), other = unique_name("address");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limiter.begin_registration(address), 0);
  const auto wait = limiter.begin_registration(address);
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 60);
  EXPECT_EQ(limiter.begin_registration(other), 0);
}

TEST(Hardening, ALinkCannotChangeAnAccountsModeOnlyTheSignedInFormCan) {
  auto who = sign_up();
  auto simple = [&] { return test_server::get().application->users.find(who.id)->simplified; };
  ASSERT_FALSE(simple());
  // A link on another site (or an <img>): the device's cookie at most, never the account.
  EXPECT_EQ(request(port(), "GET", "/mode/simple", "", who.cookie).status, 303);
  EXPECT_FALSE(simple());
  const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n";
  EXPECT_EQ(request(port(), "POST", "/mode/simple", "back=%2F", form + who.cookie).status, 403);  // no token
  EXPECT_FALSE(simple());
  auto page = request(port(), "GET", "/me/learning", "", who.cookie);
  EXPECT_NE(page.body.find("<form method=\"post\" action=\"/mode/simple\""), std::string::npos);
  auto done = request(port(), "POST", "/mode/simple", "back=%2Fme%2Flearning&_csrf=" + who.csrf, form + who.cookie);
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(done.header("location"), "/me/learning");
  EXPECT_TRUE(simple());
}
