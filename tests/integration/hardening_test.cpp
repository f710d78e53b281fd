// The holes found when the portal was attacked (issue 15), each kept closed over HTTP.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "env.hpp"
#include "org_fixture.hpp"
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
