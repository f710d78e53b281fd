// Learning cards through the real pages and sessions: staff set up a resident and a
// card in their area only; the card signs in as a learner and nothing more; re-issuing
// or revoking ends the old card and every session it opened.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "http/form.hpp"
#include "org_fixture.hpp"
#include "storage/sql.hpp"

using namespace lifelong::test_env;
using lifelong::http::url_encode;

namespace {
unsigned short port() {
  return test_server::get().port;
}
const std::string form_type = "Content-Type: application/x-www-form-urlencoded\r\n";

http_result post_form(const std::string& target, const std::string& fields, const signed_in& who) {
  return request(port(), "POST", target, fields + "&_csrf=" + who.csrf, form_type + who.cookie);
}

std::string secret_in(const std::string& page) {
  std::smatch m;
  if (!std::regex_search(page, m, std::regex("/card/([A-Za-z0-9_-]{43})"))) return {};
  return m[1];
}

std::string use_card(const std::string& secret) {
  return sign_in_with_card(secret).cookie;
}

int status_of_me(const std::string& cookie) {
  return request(port(), "GET", "/api/v1/me", "", cookie).status;
}

std::uint64_t user_named(const std::string& display_name) {
  return test_server::get().application->db.with([&](sql::Connection& db) -> std::uint64_t {
    auto st = lifelong::storage::prepare(db, "SELECT id FROM users WHERE display_name = ? ORDER BY id DESC LIMIT 1");
    st->setString(1, display_name);
    lifelong::storage::rows r(st->executeQuery());
    return r->next() ? r->getUInt64("id") : 0;
  });
}
}  // namespace

TEST(Cards, StaffSetUpAResidentWhoseCardSignsInAsALearnerOnly) {
  test_tree t;
  auto staff = sign_up_as("staff", t.community);
  const auto name = unique_name("孙阿姨");
  auto made =
      post_form("/staff/cards",
                "display_name=" + url_encode(name) + "&username=&org_unit_id=" + std::to_string(t.community), staff);
  ASSERT_EQ(made.status, 200) << made.body;
  EXPECT_NE(made.body.find("<svg class=\"card-qr\""), std::string::npos);
  const auto secret = secret_in(made.body);
  ASSERT_FALSE(secret.empty());
  const auto resident = user_named(name);
  ASSERT_NE(resident, 0u);
  EXPECT_TRUE(test_server::get().application->users.find(resident)->home_path.front() == t.community);

  // The list shows the card; the welcome page names its holder.
  EXPECT_NE(request(port(), "GET", "/staff/cards", "", staff.cookie).body.find(name), std::string::npos);
  const auto landing = request(port(), "GET", "/card/" + secret).body;
  EXPECT_NE(landing.find(name), std::string::npos);
  EXPECT_NE(landing.find("<html lang=\"zh-CN\" class=\"simple\">"), std::string::npos)
      << "the card's page is simplified";

  const auto phone = use_card(secret);
  auto me = request(port(), "GET", "/api/v1/me", "", phone);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(nlohmann::json::parse(me.body)["user"]["id"], resident);
  EXPECT_TRUE(nlohmann::json::parse(me.body)["user"]["roles"].empty());

  // Promoted later: the card still opens a learner's session, with no teacher rights.
  test_server::get().application->users.grant_role(lifelong::services::console_operator(), resident, "teacher",
                                                   t.street);
  const auto promoted_phone = use_card(secret);
  auto me_again = request(port(), "GET", "/api/v1/me", "", promoted_phone);
  EXPECT_TRUE(nlohmann::json::parse(me_again.body)["user"]["roles"].empty()) << me_again.body;
  auto csrf = nlohmann::json::parse(me_again.body)["csrf_token"].get<std::string>();
  EXPECT_EQ(request(port(), "POST", "/api/v1/courses", nlohmann::json{{"title", "x"}, {"category", "law"}}.dump(),
                    json_type + promoted_phone + "X-CSRF-Token: " + csrf + "\r\n")
                .status,
            403);
  EXPECT_EQ(request(port(), "GET", "/teach", "", promoted_phone).status, 403);
  // And staff can no longer re-issue a card for a teacher.
  EXPECT_EQ(post_form("/staff/cards/" + std::to_string(resident) + "/reissue", "", staff).status, 403);
}

TEST(Cards, ReissueAndRevokeEndTheOldCardAndItsSessions) {
  test_tree t;
  auto staff = sign_up_as("staff", t.community);
  const auto name = unique_name("周大爷");
  auto made = post_form("/staff/cards",
                        "display_name=" + url_encode(name) + "&org_unit_id=" + std::to_string(t.community), staff);
  const auto first = secret_in(made.body);
  const auto resident = user_named(name);
  const auto phone = use_card(first);
  ASSERT_EQ(status_of_me(phone), 200);

  auto again = post_form("/staff/cards/" + std::to_string(resident) + "/reissue", "", staff);
  ASSERT_EQ(again.status, 200);
  const auto second = secret_in(again.body);
  ASSERT_FALSE(second.empty());
  EXPECT_NE(first, second);
  EXPECT_EQ(request(port(), "GET", "/card/" + first).status, 404);
  const std::string token(43, 't');
  EXPECT_EQ(request(port(), "POST", "/card/" + first, "_csrf=" + token, form_type + "Cookie: ll_csrf=" + token + "\r\n")
                .status,
            404);
  EXPECT_EQ(status_of_me(phone), 401);  // whoever held the old card is out
  const auto new_phone = use_card(second);
  ASSERT_EQ(status_of_me(new_phone), 200);

  // The list asks before a card is revoked: the revoking button is inside the question.
  const auto list = request(port(), "GET", "/staff/cards", "", staff.cookie).body;
  const auto question = list.find("<details class=\"confirm inline\">");
  ASSERT_NE(question, std::string::npos) << list;
  EXPECT_LT(question, list.find("action=\"/staff/cards/" + std::to_string(resident) + "/revoke\""));
  EXPECT_NE(list.find("停用后这张卡不能再登录"), std::string::npos);
  EXPECT_NE(again.body.find("id=\"print-card\""), std::string::npos) << "the card page has a print button";
  auto revoked = post_form("/staff/cards/" + std::to_string(resident) + "/revoke", "", staff);
  EXPECT_EQ(revoked.status, 303);
  EXPECT_EQ(request(port(), "GET", "/card/" + second).status, 404);
  EXPECT_EQ(status_of_me(new_phone), 401);
  EXPECT_EQ(request(port(), "GET", "/card/not-a-card").status, 404);
}

TEST(Cards, OnlyStaffOfTheAreaAndOnlyWithGoodInput) {
  test_tree t;
  auto staff = sign_up_as("staff", t.community);
  auto other_staff = sign_up_as("staff", t.community_b);
  auto admin = sign_up_as("reviewer", t.district_a);
  auto resident = sign_up_as("", std::nullopt, t.community);
  const auto fields = [&](const std::string& name, std::uint64_t unit) {
    return "display_name=" + url_encode(name) + "&org_unit_id=" + std::to_string(unit);
  };
  EXPECT_EQ(post_form("/staff/cards", fields("吴阿姨", t.community_b), staff).status, 403);
  EXPECT_EQ(post_form("/staff/cards", fields("吴阿姨", t.street), staff).status, 400);  // not a community
  EXPECT_EQ(post_form("/staff/cards", fields("吴阿姨", 999999999), staff).status, 400);
  auto no_name = post_form("/staff/cards", fields("", t.community), staff);
  EXPECT_EQ(no_name.status, 400);
  EXPECT_NE(no_name.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_EQ(post_form("/staff/cards", fields("吴阿姨", t.community) + "&username=" + resident.username, staff).status,
            409);  // that name is taken
  EXPECT_EQ(request(port(), "POST", "/staff/cards", fields("吴阿姨", t.community), form_type + staff.cookie).status,
            403);  // no CSRF token
  EXPECT_EQ(post_form("/staff/cards", fields("吴阿姨", t.community), resident).status, 403);
  EXPECT_EQ(request(port(), "GET", "/staff/cards", "", resident.cookie).status, 403);

  // An administrator of the district may do what its staff do; staff of another area may not.
  auto made = post_form("/staff/cards", fields(unique_name("郑阿姨"), t.community), admin);
  ASSERT_EQ(made.status, 200);
  const auto holder = test_server::get().application->cards.holder(secret_in(made.body));
  ASSERT_TRUE(holder);
  EXPECT_EQ(post_form("/staff/cards/" + std::to_string(*holder) + "/revoke", "", other_staff).status, 403);
  EXPECT_EQ(post_form("/staff/cards/" + std::to_string(resident.id) + "/reissue", "", other_staff).status, 403);
  EXPECT_EQ(post_form("/staff/cards/999999999/revoke", "", staff).status, 404);
}

// A forgotten password at the desk: staff of the person's community look them up,
// confirm, and get a temporary password once; the old one and every session it opened
// stop working, and the person is asked for their own at the next sign-in. Staff of
// another community, or for a teacher's account, cannot.
TEST(DeskPassword, StaffResetAResidentsForgottenPasswordInPerson) {
  test_tree t;
  auto staff = sign_up_as("staff", t.community);
  auto other_staff = sign_up_as("staff", t.community_b);
  auto resident = sign_up_as("", std::nullopt, t.community);
  auto teacher = sign_up_as("teacher", t.street, t.community);

  const auto look = request(port(), "GET", "/staff/password?username=" + resident.username, "", staff.cookie);
  ASSERT_EQ(look.status, 200);
  EXPECT_NE(look.body.find("id=\"desk-confirm\""), std::string::npos) << look.body;
  EXPECT_NE(look.body.find("某社区"), std::string::npos);
  EXPECT_EQ(status_of_me(resident.cookie), 200) << "looking someone up changes nothing";
  EXPECT_NE(request(port(), "GET", "/staff/password?username=nobody_" + unique_name(), "", staff.cookie)
                .body.find("没有找到这位居民"),
            std::string::npos);
  const auto elsewhere =
      request(port(), "GET", "/staff/password?username=" + resident.username, "", other_staff.cookie);
  EXPECT_NE(elsewhere.body.find("没有找到这位居民"), std::string::npos) << "the same answer as for a name nobody has";
  EXPECT_EQ(elsewhere.body.find("id=\"desk-confirm\""), std::string::npos);

  const auto target = "/staff/password/" + std::to_string(resident.id);
  EXPECT_EQ(request(port(), "POST", target, "", form_type + staff.cookie).status, 403);  // no CSRF token
  EXPECT_EQ(post_form(target, "", other_staff).status, 403);
  EXPECT_EQ(post_form("/staff/password/" + std::to_string(teacher.id), "", staff).status, 403);
  EXPECT_EQ(post_form(target, "", resident).status, 403) << "a resident is no staff";
  EXPECT_EQ(status_of_me(resident.cookie), 200);

  const auto reset = post_form(target, "", staff);
  ASSERT_EQ(reset.status, 200) << reset.body;
  EXPECT_EQ(reset.header("cache-control"), "no-store");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(reset.body, m, std::regex("id=\"temporary-password\">([A-Za-z0-9]{10})<")));
  const std::string temporary = m[1];
  EXPECT_EQ(status_of_me(resident.cookie), 401) << "the old sessions are ended";

  const std::string token(43, 'a');  // a visitor's CSRF cookie and its copy in the form
  auto login = [&](const std::string& password) {
    return request(port(), "POST", "/login",
                   "username=" + resident.username + "&password=" + url_encode(password) + "&_csrf=" + token,
                   form_type + "Cookie: ll_csrf=" + token + "\r\n");
  };
  EXPECT_EQ(login("a long password").status, 401) << "the old password no longer works";
  const auto with_temporary = login(temporary);
  ASSERT_EQ(with_temporary.status, 303);
  EXPECT_EQ(with_temporary.header("location"), "/account?change=1");
  std::string session;
  for (auto [it, end] = with_temporary.headers.equal_range("set-cookie"); it != end; ++it)
    if (it->second.rfind("ll_sid=", 0) == 0) session = it->second.substr(0, it->second.find(';'));
  const auto account = request(port(), "GET", "/account?change=1", "", "Cookie: " + session + "\r\n");
  EXPECT_NE(account.body.find("您正在使用临时密码"), std::string::npos);
  // Their own password clears the request.
  const auto csrf = nlohmann::json::parse(request(port(), "GET", "/api/v1/me", "", "Cookie: " + session + "\r\n").body);
  auto changed = request(port(), "POST", "/account/password",
                         "current_password=" + temporary + "&new_password=" + url_encode("my own new password") +
                             "&_csrf=" + csrf["csrf_token"].get<std::string>(),
                         form_type + "Cookie: " + session + "\r\n");
  EXPECT_EQ(changed.status, 303) << changed.body;
  const auto again = login("my own new password");
  EXPECT_EQ(again.status, 303);
  EXPECT_EQ(again.header("location"), "/");

  // Through the API the flag is said too; a temporary password left unused for three
  // days stops working.
  const auto second = post_form(target, "", staff);
  ASSERT_TRUE(std::regex_search(second.body, m, std::regex("id=\"temporary-password\">([A-Za-z0-9]{10})<")));
  const std::string temporary_again = m[1];
  auto api_login = [&](const std::string& password) {
    return request(port(), "POST", "/api/v1/session",
                   nlohmann::json{{"username", resident.username}, {"password", password}}.dump(),
                   "Content-Type: application/json\r\n");
  };
  const auto by_api = api_login(temporary_again);
  ASSERT_EQ(by_api.status, 200) << by_api.body;
  EXPECT_EQ(nlohmann::json::parse(by_api.body)["must_change_password"], true);
  test_server::get().application->db.with([&](sql::Connection& db) {
    lifelong::storage::change(
        db, "UPDATE users SET temporary_password_until = UTC_TIMESTAMP() - INTERVAL 1 MINUTE WHERE id = ?",
        resident.id);
  });
  EXPECT_EQ(api_login(temporary_again).status, 401) << "an expired temporary password still signs in";
}
