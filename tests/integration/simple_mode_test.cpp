// The simplified pages switched on and off from any page: remembered in a cookie before
// sign-in and for the account after; learning-card accounts start in them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "org_fixture.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}
bool simple(const http_result& page) {
  return page.body.find("<html lang=\"zh-CN\" class=\"simple\">") != std::string::npos;
}
signed_in sign_in_again(const signed_in& who) {
  auto login = request(port(), "POST", "/api/v1/session",
                       nlohmann::json{{"username", who.username}, {"password", "a long password"}}.dump(), json_type);
  EXPECT_EQ(login.status, 200);
  signed_in again = who;
  auto cookie = login.header("set-cookie");
  again.cookie = "Cookie: " + cookie.substr(0, cookie.find(';')) + "\r\n";
  again.csrf = nlohmann::json::parse(login.body)["csrf_token"].get<std::string>();
  return again;
}
}  // namespace

TEST(SimpleMode, BeforeSignInTheChoiceIsKeptInACookie) {
  auto page = request(port(), "GET", "/");
  EXPECT_FALSE(simple(page));
  EXPECT_NE(page.body.find("href=\"/mode/simple?back=%2F\""), std::string::npos);  // on every page
  auto on = request(port(), "GET", "/mode/simple?back=%2Flogin");
  EXPECT_EQ(on.status, 303);
  EXPECT_EQ(on.header("location"), "/login");
  const auto set = on.header("set-cookie");
  ASSERT_EQ(set.rfind("ll_mode=simple", 0), 0u) << set;
  const std::string cookie = "Cookie: ll_mode=simple\r\n";
  auto big = request(port(), "GET", "/", "", cookie);
  EXPECT_TRUE(simple(big));
  EXPECT_NE(big.body.find("href=\"/mode/standard?back=%2F\""), std::string::npos);
  EXPECT_TRUE(simple(request(port(), "GET", "/login", "", cookie)));
  // The cached catalog never hands one visitor's mode to another.
  EXPECT_FALSE(simple(request(port(), "GET", "/")));
  EXPECT_TRUE(simple(request(port(), "GET", "/", "", cookie)));

  EXPECT_EQ(request(port(), "GET", "/mode/huge").status, 404);
  EXPECT_EQ(request(port(), "GET", "/mode/simple?back=https%3A%2F%2Fevil.example").header("location"), "/");
  EXPECT_FALSE(simple(request(port(), "GET", "/", "", "Cookie: ll_mode=SIMPLE%3Cscript%3E\r\n")));
}

TEST(SimpleMode, ForAnAccountTheChoiceFollowsThePersonToEveryDevice) {
  auto phone = sign_up();
  auto tablet = sign_in_again(phone);
  EXPECT_FALSE(simple(request(port(), "GET", "/me/learning", "", phone.cookie)));
  EXPECT_EQ(request(port(), "GET", "/mode/simple?back=%2Fme%2Flearning", "", phone.cookie).status, 303);
  EXPECT_TRUE(simple(request(port(), "GET", "/me/learning", "", phone.cookie)));
  EXPECT_TRUE(simple(request(port(), "GET", "/me/learning", "", tablet.cookie)));  // already signed in elsewhere
  EXPECT_TRUE(simple(request(port(), "GET", "/", "", sign_in_again(phone).cookie)));  // and at the next sign-in
  EXPECT_EQ(request(port(), "GET", "/mode/standard", "", tablet.cookie).status, 303);
  EXPECT_FALSE(simple(request(port(), "GET", "/me/learning", "", phone.cookie)));
}

TEST(SimpleMode, AccountsMadeWithALearningCardStartInIt) {
  test_tree t;
  auto staff = sign_up_as("staff", t.community, t.community);
  auto holder = sign_in_with_card(issue_card(staff, "王奶奶", t.community));
  ASSERT_FALSE(holder.cookie.empty());
  EXPECT_TRUE(simple(request(port(), "GET", "/", "", holder.cookie)));
  EXPECT_FALSE(simple(request(port(), "GET", "/", "", staff.cookie)));
}
