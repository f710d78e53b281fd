// A forgotten password reset by e-mail, against a real SMTP server on loopback (Debian's
// python3-aiosmtpd, writing a Maildir): the link arrives, works once, ends the sessions,
// expires; asking says nothing about who exists; mail waits while the server is away.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <thread>

#include "common/tokens.hpp"
#include "env.hpp"
#include "http/form.hpp"
#include "mail/outbox.hpp"
#include "org_fixture.hpp"
#include "processes.hpp"
#include "smtp_stand.hpp"
#include "storage/sql.hpp"
#include "test_server.hpp"

using namespace lifelong::test_env;

namespace {
const std::string form_type = "Content-Type: application/x-www-form-urlencoded\r\n";
const std::string json_type = "Content-Type: application/json\r\n";

unsigned short port() {
  return test_server::get().port;
}
lifelong::app& application() {
  return *test_server::get().application;
}

std::string link_in(const std::string& body) {
  std::smatch m;
  return std::regex_search(body, m, std::regex("/password/reset/[A-Za-z0-9_-]{43}")) ? m.str() : "";
}

std::string csrf_cookie_and_token(std::string& token) {
  auto page = request(port(), "GET", "/password/forgot");
  auto cookie = page.header("set-cookie");
  token = cookie.substr(8, cookie.find(';') - 8);
  return "Cookie: ll_csrf=" + token + "\r\n";
}
http_result ask_for(const std::string& who) {
  std::string token;
  const auto cookie = csrf_cookie_and_token(token);
  return request(port(), "POST", "/password/forgot", "who=" + who + "&_csrf=" + token, form_type + cookie);
}
http_result set_new(const std::string& link, const std::string& password, const std::string& again) {
  std::string token;
  const auto cookie = csrf_cookie_and_token(token);
  return request(port(), "POST", link, "new_password=" + password + "&new_password_again=" + again + "&_csrf=" + token,
                 form_type + cookie);
}
std::string link_to_confirm(const std::string& body) {
  std::smatch m;
  return std::regex_search(body, m, std::regex("/account/email/confirm/[A-Za-z0-9_-]{43}")) ? m.str() : "";
}
http_result propose(const signed_in& who, const std::string& address, const std::string& password = "a long password") {
  using lifelong::http::url_encode;
  return request(port(), "POST", "/account/email",
                 "email=" + url_encode(address) + "&current_password=" + url_encode(password) + "&_csrf=" + who.csrf,
                 form_type + who.cookie);
}
int sign_in_status(const std::string& username, const std::string& password) {
  return request(port(), "POST", "/api/v1/session",
                 nlohmann::json{{"username", username}, {"password", password}}.dump(), json_type)
      .status;
}
// The address becomes the person's by the link mailed to it.
void give_address(const signed_in& who, const std::string& address, const smtp_server& smtp) {
  const auto before = smtp.messages().size();
  auto proposed = propose(who, address);
  ASSERT_EQ(proposed.status, 303) << proposed.body;
  EXPECT_EQ(proposed.header("location"), "/account?email_sent=1");
  ASSERT_FALSE(deliver().failed);
  const auto mails = smtp.messages();
  ASSERT_EQ(mails.size(), before + 1);
  std::string link;
  for (const auto& m : mails)
    if (m.find("To: " + address) != std::string::npos) link = link_to_confirm(body_of(m));
  ASSERT_FALSE(link.empty());
  auto confirmed = request(port(), "GET", link);
  EXPECT_EQ(confirmed.status, 200) << confirmed.body;
  EXPECT_NE(confirmed.body.find("邮箱已确认"), std::string::npos);
}
}  // namespace

TEST(PasswordReset, TheLinkArrivesByMailWorksOnceAndEndsTheSessions) {
  mail_on on;
  smtp_server smtp;
  auto person = sign_up();
  const auto address = person.username + "@example.cn";
  give_address(person, address, smtp);
  const auto before = smtp.messages().size();

  auto asked = ask_for(address);
  ASSERT_EQ(asked.status, 200);
  EXPECT_NE(asked.body.find("30 分钟内有效"), std::string::npos);
  const auto d = deliver();
  EXPECT_FALSE(d.failed) << d.error;
  std::vector<std::string> mails;
  for (const auto& m : smtp.messages())
    if (link_in(body_of(m)) != "") mails.push_back(m);
  ASSERT_EQ(mails.size(), 1u);
  ASSERT_EQ(smtp.messages().size(), before + 1);
  EXPECT_NE(mails[0].find("To: " + address), std::string::npos);
  EXPECT_NE(mails[0].find("Subject: =?UTF-8?B?"), std::string::npos);
  const auto body = body_of(mails[0]);
  EXPECT_NE(body.find("“" + person.username + "”"), std::string::npos) << body;
  const auto link = link_in(body);
  ASSERT_FALSE(link.empty()) << body;
  EXPECT_EQ(lifelong::mail::waiting_count(application().db), 0);  // a sent message (its link) is gone

  EXPECT_EQ(request(port(), "GET", link).status, 200);
  auto mismatch = set_new(link, "a+new+long+password", "another+one+entirely");
  EXPECT_EQ(mismatch.status, 400);
  EXPECT_NE(mismatch.body.find("两次输入的密码不一样"), std::string::npos);
  EXPECT_EQ(set_new(link, "short", "short").status, 400);  // the password rules, link unspent
  auto done = set_new(link, "a+new+long+password", "a+new+long+password");
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.header("location"), "/login?reset=1");
  EXPECT_EQ(request(port(), "GET", "/api/v1/me", "", person.cookie).status, 401);  // signed out everywhere
  EXPECT_EQ(sign_in_status(person.username, "a new long password"), 200);
  EXPECT_EQ(sign_in_status(person.username, "a long password"), 401);
  // Once only.
  auto again = set_new(link, "yet+another+password", "yet+another+password");
  EXPECT_EQ(again.status, 410);
  EXPECT_NE(again.body.find("这个链接已经失效"), std::string::npos);
  EXPECT_EQ(request(port(), "GET", link).status, 410);
}

TEST(PasswordReset, AskingSaysNothingAboutWhoExistsAndIsBounded) {
  mail_on on;
  smtp_server smtp;
  auto person = sign_up();
  give_address(person, person.username + "@example.cn", smtp);
  const auto known = ask_for(person.username);
  const auto unknown = ask_for("nobody_" + person.username);
  const auto no_address = ask_for(sign_up().username);
  const auto hostile = ask_for("x%0d%0aBcc:%20victim@example.cn@example.cn");
  for (const auto* r : {&known, &unknown, &no_address, &hostile}) {
    EXPECT_EQ(r->status, 200);
    EXPECT_NE(r->body.find("id=\"reset-sent\""), std::string::npos);
  }
  // The same page, but for the CSRF token each one carries.
  const auto strip = [](std::string body) {
    return std::regex_replace(body, std::regex("value=\"[A-Za-z0-9_-]{43}\""), "");
  };
  EXPECT_EQ(strip(known.body), strip(unknown.body));
  for (int i = 0; i < 5; ++i) ask_for(person.username);  // at most three links an hour
  deliver();
  int resets = 0;
  for (const auto& m : smtp.messages()) resets += !link_in(body_of(m)).empty();
  EXPECT_EQ(resets, 3);

  // Someone else claiming that address hears nothing different; only its inbox learns,
  // from a link that then cannot take it.
  auto other = sign_up();
  const auto claim = propose(other, person.username + "@example.cn");
  EXPECT_EQ(claim.status, 303);
  EXPECT_EQ(claim.header("location"), "/account?email_sent=1");
  deliver();
  std::string claim_link;
  for (const auto& m : smtp.messages())
    if (m.find("“" + other.username + "”") != std::string::npos ||
        body_of(m).find("“" + other.username + "”") != std::string::npos)
      claim_link = link_to_confirm(body_of(m));
  ASSERT_FALSE(claim_link.empty());
  auto taken = request(port(), "GET", claim_link);
  EXPECT_EQ(taken.status, 410);
  EXPECT_NE(taken.body.find("已经被另一个账号登记了"), std::string::npos);
  EXPECT_EQ(request(port(), "GET", claim_link).status, 410);  // however often it is opened
  // The address is asked with the password, checked, and never set from a card.
  EXPECT_EQ(propose(other, "new@example.cn", "wrong password").status, 400);
  for (const std::string bad : {"no-at-sign", "a\r\nBcc: x@y.cn@z.cn", "two@at@example.cn", "sp ace@x.cn"})
    EXPECT_EQ(propose(other, bad).status, 400) << bad;
  test_tree t;
  auto staff = sign_up_as("staff", t.community, t.community);
  auto card = sign_in_with_card(issue_card(staff, "赵大爷", t.community));
  ASSERT_FALSE(card.cookie.empty());
  EXPECT_EQ(propose(card, "card@example.cn", "").status, 403);
  // A link that expired, or was never made, does nothing.
  EXPECT_EQ(request(port(), "GET", "/password/reset/" + std::string(43, 'A')).status, 410);
  EXPECT_EQ(request(port(), "GET", "/password/reset/short").status, 410);
  EXPECT_EQ(request(port(), "GET", "/account/email/confirm/" + std::string(43, 'A')).status, 410);
}

TEST(PasswordReset, MailWaitsWhileTheServerIsAwayAndGoesWhenItIsBack) {
  mail_on on;
  auto person = sign_up();
  {
    smtp_server first;
    give_address(person, person.username + "@example.cn", first);
  }  // the SMTP server goes away
  ASSERT_EQ(ask_for(person.username).status, 200);
  const auto away = deliver();  // nothing listens on the port now
  EXPECT_TRUE(away.failed);
  EXPECT_EQ(lifelong::mail::waiting_count(application().db), 1);
  smtp_server smtp;
  const auto back = deliver();
  EXPECT_FALSE(back.failed) << back.error;
  EXPECT_EQ(back.sent, 1);
  ASSERT_EQ(smtp.messages().size(), 1u);
  // The link still works, until it expires.
  const auto link = link_in(body_of(smtp.messages()[0]));
  ASSERT_FALSE(link.empty());
  application().db.with([&](sql::Connection& db) {
    lifelong::storage::change(db,
                              "UPDATE password_resets SET expires_at = UTC_TIMESTAMP() - INTERVAL 1 MINUTE "
                              "WHERE user_id = ?",
                              person.id);
  });
  EXPECT_EQ(set_new(link, "a+new+long+password", "a+new+long+password").status, 410);
  EXPECT_EQ(sign_in_status(person.username, "a long password"), 200);  // unchanged
}

// A message the SMTP server refuses for good (a 5xx) is dropped, not retried at the head
// of the queue while everyone else's reset links expire behind it.
TEST(PasswordReset, AMessageRefusedForGoodHoldsNoOneElsesBack) {
  mail_on on;
  smtp_server smtp;
  application().db.with([](sql::Connection& db) {
    // aiosmtpd, without SMTPUTF8, refuses a non-ASCII address with a 5xx.
    lifelong::mail::queue(db, {"张三@example.cn", "x", "refused"});
    lifelong::mail::queue(db, {"fine@example.cn", "hello", "delivered"});
  });
  const auto d = deliver();
  EXPECT_EQ(d.sent, 1) << d.error;
  EXPECT_EQ(lifelong::mail::waiting_count(application().db), 0);
  ASSERT_EQ(smtp.messages().size(), 1u);
  EXPECT_NE(smtp.messages()[0].find("To: fine@example.cn"), std::string::npos);
}

TEST(PasswordReset, WithoutMailThePageSendsPeopleToTheDesk) {
  auto page = request(port(), "GET", "/password/forgot");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("action=\"/password/forgot\""), std::string::npos);
  EXPECT_NE(page.body.find("社区服务点"), std::string::npos);
  EXPECT_NE(request(port(), "GET", "/login").body.find("href=\"/password/forgot\""), std::string::npos);
}
