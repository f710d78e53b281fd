// Accounts over HTTP with real sessions in Redis: sign-in limits, sign out everywhere,
// changing the password and the profile, and passwords too easy to guess.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "env.hpp"
#include "services/login_limiter.hpp"
#include "org_fixture.hpp"
#include "test_server.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}

http_result sign_in(const std::string& username, const std::string& password) {
  return request(port(), "POST", "/api/v1/session",
                 nlohmann::json{{"username", username}, {"password", password}}.dump(), json_type);
}
std::string cookie_of(const http_result& r) {
  auto c = r.header("set-cookie");
  return "Cookie: " + c.substr(0, c.find(';')) + "\r\n";
}
http_result register_user(const std::string& username, const std::string& password) {
  return request(port(), "POST", "/api/v1/users",
                 nlohmann::json{{"username", username}, {"display_name", "居民"}, {"password", password}}.dump(),
                 json_type);
}
}  // namespace

TEST(Accounts, TooManyWrongPasswordsPauseSignInForThatAccount) {
  auto who = sign_up();
  for (int i = 0; i < 5; ++i) EXPECT_EQ(sign_in(who.username, "not the password").status, 401);
  auto locked = sign_in(who.username, "a long password");  // even the right one, for now
  EXPECT_EQ(locked.status, 429);
  const auto wait = std::stoi(locked.header("retry-after"));
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 15 * 60);
  EXPECT_NE(locked.body.find("15 分钟"), std::string::npos) << locked.body;
  // The page form says the same and keeps the form.
  auto page = request(port(), "POST", "/login", "username=" + who.username + "&password=x&_csrf=t",
                      "Content-Type: application/x-www-form-urlencoded\r\nCookie: ll_csrf=t\r\n");
  EXPECT_EQ(page.status, 429);
  EXPECT_NE(page.header("retry-after"), "");
  EXPECT_NE(page.body.find("name=\"password\""), std::string::npos);
  // Other accounts are not affected.
  auto other = sign_up();
  EXPECT_EQ(sign_in(other.username, "a long password").status, 200);
}

TEST(Accounts, ASuccessfulSignInClearsTheAccountsCount) {
  auto who = sign_up();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(sign_in(who.username, "wrong").status, 401);
  EXPECT_EQ(sign_in(who.username, "a long password").status, 200);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(sign_in(who.username, "wrong").status, 401);
  EXPECT_EQ(sign_in(who.username, "a long password").status, 200);
}

TEST(Accounts, OneAddressIsLimitedAcrossAccounts) {
  // The limiter itself on the real Redis, with a small address limit (the shared test
  // server allows many, as every test signs in from 127.0.0.1).
  auto& app = *test_server::get().application;
  lifelong::services::login_limiter limiter(app.redis, {100, 3, std::chrono::seconds(60)});
  const auto address = unique_name("address");  // the limiter keys any text; fresh each run
  const auto name = unique_name("addr");
  EXPECT_EQ(limiter.begin_attempt(name + "a", address), 0);
  EXPECT_EQ(limiter.begin_attempt(name + "b", address), 0);
  EXPECT_EQ(limiter.begin_attempt(name + "c", address), 0);
  const auto wait = limiter.begin_attempt(name + "d", address);
  EXPECT_GT(wait, 0);
  EXPECT_LE(wait, 60);
  EXPECT_EQ(limiter.begin_attempt(name + "d", unique_name("address")), 0);  // another address
  // A right password gives the address its try back.
  const auto family = unique_name("address");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(limiter.begin_attempt(name + "e", family), 0);
    limiter.succeeded(name + "e", family);
  }
  EXPECT_EQ(limiter.begin_attempt(name + "f", family), 0);
}

TEST(Accounts, SignInGivesANewSessionIdEvenWhenOneWasSent) {
  auto who = sign_up();
  auto again = request(port(), "POST", "/api/v1/session",
                       nlohmann::json{{"username", who.username}, {"password", "a long password"}}.dump(),
                       json_type + who.with_csrf());
  ASSERT_EQ(again.status, 200);
  EXPECT_NE(cookie_of(again), who.cookie);
}

TEST(Accounts, SignOutEverywhereEndsEverySession) {
  auto phone = sign_up();
  auto pc = sign_in(phone.username, "a long password");
  ASSERT_EQ(pc.status, 200);
  EXPECT_EQ(request(port(), "GET", "/api/v1/me", "", cookie_of(pc)).status, 200);
  auto out = request(port(), "DELETE", "/api/v1/sessions", "", phone.with_csrf());
  EXPECT_EQ(out.status, 204);
  EXPECT_NE(out.header("set-cookie").find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/api/v1/me", "", phone.cookie).status, 401);
  EXPECT_EQ(request(port(), "GET", "/api/v1/me", "", cookie_of(pc)).status, 401);
  EXPECT_EQ(request(port(), "DELETE", "/api/v1/sessions", "", phone.cookie).status, 401);
}

TEST(Accounts, ChangingThePasswordEndsOtherSessions) {
  auto who = sign_up();
  auto other = sign_in(who.username, "a long password");
  auto change = [&](const std::string& current, const std::string& replacement, const std::string& cookie) {
    return request(port(), "PUT", "/api/v1/me/password",
                   nlohmann::json{{"current_password", current}, {"new_password", replacement}}.dump(),
                   json_type + cookie);
  };
  auto wrong = change("not it", "a brand new phrase", who.with_csrf());
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(nlohmann::json::parse(wrong.body)["error"]["field"], "current_password");
  auto common = change("a long password", "password123", who.with_csrf());
  EXPECT_EQ(common.status, 400);
  EXPECT_EQ(nlohmann::json::parse(common.body)["error"]["field"], "new_password");
  EXPECT_EQ(change("a long password", "short", who.with_csrf()).status, 400);
  EXPECT_EQ(change("a long password", "a brand new phrase", who.cookie).status, 403);  // no CSRF token

  auto done = change("a long password", "a brand new phrase", who.with_csrf());
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(request(port(), "GET", "/api/v1/me", "", who.cookie).status, 401);
  EXPECT_EQ(request(port(), "GET", "/api/v1/me", "", cookie_of(other)).status, 401);
  EXPECT_EQ(request(port(), "GET", "/api/v1/me", "", cookie_of(done)).status, 200);
  EXPECT_EQ(sign_in(who.username, "a long password").status, 401);
  EXPECT_EQ(sign_in(who.username, "a brand new phrase").status, 200);
}

TEST(Accounts, ProfileChangesShowAtOnceAndBadValuesAreRefused) {
  auto who = sign_up();
  auto put = [&](const nlohmann::json& body, const std::string& type = json_type) {
    return request(port(), "PUT", "/api/v1/me", body.dump(), type + who.with_csrf());
  };
  auto ok = put({{"display_name", "王阿姨"}});
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto me = nlohmann::json::parse(request(port(), "GET", "/api/v1/me", "", who.cookie).body);
  EXPECT_EQ(me["user"]["display_name"], "王阿姨");
  EXPECT_EQ(put({{"display_name", ""}}).status, 400);
  EXPECT_EQ(put({{"display_name", std::string(51, 'x')}}).status, 400);
  auto unit = put({{"display_name", "王阿姨"}, {"org_unit_id", 999999999}});
  EXPECT_EQ(unit.status, 400);
  EXPECT_EQ(nlohmann::json::parse(unit.body)["error"]["field"], "org_unit_id");
  EXPECT_EQ(put({{"display_name", "王阿姨"}, {"org_unit_id", "seven"}}).status, 400);
  EXPECT_EQ(put({{"display_name", "王阿姨"}}, "Content-Type: text/plain\r\n").status, 415);
}

TEST(Accounts, PasswordsTooEasyToGuessAreRefusedAtRegistration) {
  const auto name = unique_name("pw");
  for (const std::string weak : {"12345678", "password123", "QWERTY123", "woaini1314", "aaaaaaaaaa", "87654321"}) {
    auto r = register_user(name, weak);
    EXPECT_EQ(r.status, 400) << weak;
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["field"], "password") << weak;
  }
  EXPECT_EQ(register_user(name, name + "2024!").status, 400);  // the name itself inside
  EXPECT_NE(register_user(name, "12345678").body.find("太常见"), std::string::npos);
  EXPECT_EQ(register_user(name, "晚饭后散步三十分钟").status, 201);
}

TEST(Accounts, TheAccountPageDoesTheSameWithForms) {
  auto who = sign_up();
  const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n";
  auto post = [&](const std::string& path, const std::string& body, const signed_in& as) {
    return request(port(), "POST", path, body + "&_csrf=" + as.csrf, form + as.cookie);
  };
  EXPECT_EQ(request(port(), "GET", "/account").status, 303);  // to the sign-in page
  auto page = request(port(), "GET", "/account", "", who.cookie);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("在所有设备上退出"), std::string::npos);

  auto empty = post("/account/profile", "display_name=", who);
  EXPECT_EQ(empty.status, 400);
  EXPECT_NE(empty.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_EQ(post("/account/profile", "display_name=%E8%80%81%E6%9D%8E", who).status, 303);
  EXPECT_NE(request(port(), "GET", "/account", "", who.cookie).body.find("老李"), std::string::npos);
  // Moving home: the new community is kept and shown, and the session follows at once.
  test_tree t;
  const auto home = std::to_string(t.community_b);
  EXPECT_EQ(post("/account/profile", "display_name=%E8%80%81%E6%9D%8E&org_unit_id=" + home, who).status, 303);
  EXPECT_NE(request(port(), "GET", "/account", "", who.cookie).body.find("value=\"" + home + "\" selected"),
            std::string::npos);
  EXPECT_EQ(test_server::get().application->sessions.load(who.cookie.substr(15, 43))->home_path.front(),
            t.community_b);
  auto street = post("/account/profile", "display_name=%E8%80%81%E6%9D%8E&org_unit_id=" + std::to_string(t.street), who);
  EXPECT_EQ(street.status, 400);
  EXPECT_NE(street.body.find("请选择一个社区"), std::string::npos);

  auto weak = post("/account/password", "current_password=a+long+password&new_password=11111111", who);
  EXPECT_EQ(weak.status, 400);
  EXPECT_NE(weak.body.find("太常见"), std::string::npos);
  auto changed = post("/account/password", "current_password=a+long+password&new_password=a+fresh+phrase+here", who);
  EXPECT_EQ(changed.status, 303);
  EXPECT_EQ(request(port(), "GET", "/api/v1/me", "", who.cookie).status, 401);
  const auto fresh_cookie = cookie_of(changed);
  EXPECT_EQ(request(port(), "GET", "/api/v1/me", "", fresh_cookie).status, 200);

  auto me = nlohmann::json::parse(request(port(), "GET", "/api/v1/me", "", fresh_cookie).body);
  signed_in now{who.id, who.username, fresh_cookie, me["csrf_token"].get<std::string>()};
  auto out = post("/account/sign-out-everywhere", "", now);
  EXPECT_EQ(out.status, 303);
  EXPECT_EQ(out.header("location"), "/login");
  EXPECT_EQ(request(port(), "GET", "/api/v1/me", "", fresh_cookie).status, 401);
}
