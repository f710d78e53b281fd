// The server over a real socket: health, errors, static files, sign-in, CSRF.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "env.hpp"
#include "org_fixture.hpp"
#include "test_server.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}

std::string slurp(const char* path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
}  // namespace

TEST(Http, HealthAndReadiness) {
  EXPECT_EQ(request(port(), "GET", "/healthz").status, 200);
  auto ready = request(port(), "GET", "/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(nlohmann::json::parse(ready.body)["status"], "ready");
}

TEST(Http, UnknownPathsAndMethodsGetReadableErrors) {
  auto api = request(port(), "GET", "/api/v1/nothing-here");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(nlohmann::json::parse(api.body)["error"]["code"], "not_found");
  auto page = request(port(), "GET", "/nothing-here");
  EXPECT_EQ(page.status, 404);
  EXPECT_NE(page.body.find("找不到您要的页面"), std::string::npos);
  EXPECT_EQ(request(port(), "DELETE", "/login").status, 405);
  EXPECT_EQ(request(port(), "GET", "/courses/not-a-number").status, 404);
  EXPECT_EQ(request(port(), "GET", "/courses/99999999999").status, 404);
}

TEST(Http, MalformedRequestsAre400Or431) {
  EXPECT_EQ(raw_exchange(port(), "THIS IS NOT HTTP\r\n\r\n").status, 400);
  EXPECT_EQ(raw_exchange(port(), "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n").status, 400);
  std::string huge = "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
  EXPECT_EQ(raw_exchange(port(), huge).status, 431);
}

TEST(Http, StaticFilesWithRangeHeadAndEtag) {
  std::ifstream css(LIFELONG_SOURCE_DIR "/static/css/app.css", std::ios::binary | std::ios::ate);
  const auto size = static_cast<std::size_t>(css.tellg());
  auto full = request(port(), "GET", "/static/css/app.css");
  ASSERT_EQ(full.status, 200);
  EXPECT_EQ(full.body.size(), size);
  EXPECT_EQ(full.body, slurp(LIFELONG_SOURCE_DIR "/static/css/app.css"));
  EXPECT_EQ(full.header("content-type"), "text/css; charset=utf-8");
  EXPECT_EQ(full.header("accept-ranges"), "bytes");

  auto part = request(port(), "GET", "/static/css/app.css", "", "Range: bytes=0-9\r\n");
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, full.body.substr(0, 10));
  EXPECT_EQ(part.header("content-range"), "bytes 0-9/" + std::to_string(size));
  auto tail = request(port(), "GET", "/static/css/app.css", "", "Range: bytes=-5\r\n");
  EXPECT_EQ(tail.body, full.body.substr(size - 5));

  auto beyond = request(port(), "GET", "/static/css/app.css", "", "Range: bytes=999999-\r\n");
  EXPECT_EQ(beyond.status, 416);
  EXPECT_EQ(beyond.header("content-range"), "bytes */" + std::to_string(size));

  auto head = request(port(), "HEAD", "/static/css/app.css");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.header("content-length"), std::to_string(size));

  auto again = request(port(), "GET", "/static/css/app.css", "", "If-None-Match: " + full.header("etag") + "\r\n");
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
}

// A file larger than the socket's buffer, sent by the kernel: every Range form gives
// the file's own bytes.
TEST(Http, EveryRangeFormOfALargeFileIsTheFilesBytes) {
  const auto file = slurp(LIFELONG_SOURCE_DIR "/static/vendor/hls.min.js");
  const auto size = file.size();
  ASSERT_GT(size, 256u * 1024);
  const std::string url = "/static/vendor/hls.min.js";
  EXPECT_EQ(request(port(), "GET", url).body, file);
  struct form {
    std::string range;
    std::size_t first, length;
  };
  for (const auto& f :
       {form{"bytes=0-0", 0, 1}, form{"bytes=1000-", 1000, size - 1000}, form{"bytes=-70000", size - 70000, 70000},
        form{"bytes=200000-300000", 200000, 100001}, form{"bytes=100-" + std::to_string(size * 2), 100, size - 100}}) {
    auto part = request(port(), "GET", url, "", "Range: " + f.range + "\r\n");
    EXPECT_EQ(part.status, 206) << f.range;
    EXPECT_EQ(part.header("content-length"), std::to_string(f.length)) << f.range;
    EXPECT_TRUE(part.body == file.substr(f.first, f.length)) << f.range;
  }
}

TEST(Http, NoPathLeavesTheStaticFolder) {
  for (const char* bad : {"/static/../CMakeLists.txt", "/static/%2e%2e/CMakeLists.txt", "/static/css/../../README.md",
                          "/static/.hidden", "/static/%2fetc%2fpasswd"})
    EXPECT_EQ(request(port(), "GET", bad).status, 404) << bad;
  EXPECT_EQ(request(port(), "GET", "/media/lessons/1/v1/../../../../etc/passwd").status, 404);
  EXPECT_EQ(request(port(), "GET", "/media/lessons/1/x1/master.m3u8").status, 404);
}

TEST(Http, SignInSaysNothingAboutWhichPartWasWrong) {
  auto who = sign_up();
  auto wrong_password =
      request(port(), "POST", "/api/v1/session",
              nlohmann::json{{"username", who.username}, {"password", "not the password"}}.dump(), json_type);
  auto wrong_name =
      request(port(), "POST", "/api/v1/session",
              nlohmann::json{{"username", unique_name("ghost")}, {"password", "not the password"}}.dump(), json_type);
  EXPECT_EQ(wrong_password.status, 401);
  EXPECT_EQ(wrong_name.status, 401);
  EXPECT_EQ(wrong_password.body, wrong_name.body);
  EXPECT_EQ(request(port(), "POST", "/api/v1/session", "{broken", json_type).status, 400);
  EXPECT_EQ(request(port(), "POST", "/api/v1/session", "[1,2]", json_type).status, 400);
}

TEST(Http, SessionCookieIsHttpOnlyAndNewAtEverySignIn) {
  auto a = sign_up();
  auto me = request(port(), "GET", "/api/v1/me", "", a.cookie);
  EXPECT_EQ(me.status, 200);
  EXPECT_EQ(nlohmann::json::parse(me.body)["user"]["username"], a.username);
  auto login = request(port(), "POST", "/api/v1/session",
                       nlohmann::json{{"username", a.username}, {"password", "a long password"}}.dump(), json_type);
  EXPECT_NE(login.header("set-cookie").find("HttpOnly"), std::string::npos);
  EXPECT_EQ(login.header("set-cookie").find(a.cookie.substr(8, 20)), std::string::npos);  // a different id

  auto out = request(port(), "DELETE", "/api/v1/session", "", a.with_csrf());
  EXPECT_EQ(out.status, 204);
  EXPECT_EQ(request(port(), "GET", "/api/v1/me", "", a.cookie).status, 401);
}

TEST(Http, StateChangesNeedTheCsrfToken) {
  auto teacher = sign_up(true);
  const auto body = nlohmann::json{{"title", "社区课程"}, {"summary", ""}, {"category", "health"}}.dump();
  EXPECT_EQ(request(port(), "POST", "/api/v1/courses", body, json_type + teacher.cookie).status, 403);
  EXPECT_EQ(
      request(port(), "POST", "/api/v1/courses", body, json_type + teacher.cookie + "X-CSRF-Token: forged\r\n").status,
      403);
  EXPECT_EQ(request(port(), "POST", "/api/v1/courses", body, json_type + teacher.with_csrf()).status, 201);
}

TEST(Http, LearnersCannotCreateCourses) {
  auto learner = sign_up(false);
  const auto body = nlohmann::json{{"title", "x"}, {"category", "health"}}.dump();
  EXPECT_EQ(request(port(), "POST", "/api/v1/courses", body, json_type + learner.with_csrf()).status, 403);
  EXPECT_EQ(request(port(), "POST", "/api/v1/courses", body, json_type).status, 401);
}

TEST(Http, FormSignInWithDoubleSubmitToken) {
  auto who = sign_up();
  auto page = request(port(), "GET", "/login?next=/teach");
  ASSERT_EQ(page.status, 200);
  auto cookie = page.header("set-cookie");
  auto token = cookie.substr(8, cookie.find(';') - 8);
  const std::string form = "Content-Type: application/x-www-form-urlencoded\r\n";
  const std::string fields = "username=" + who.username + "&password=a+long+password&next=%2Fteach";
  EXPECT_EQ(request(port(), "POST", "/login", fields, form).status, 403);  // no token at all
  auto ok = request(port(), "POST", "/login", fields + "&_csrf=" + token, form + "Cookie: ll_csrf=" + token + "\r\n");
  EXPECT_EQ(ok.status, 303);
  EXPECT_EQ(ok.header("location"), "/teach");
  auto bad = request(port(), "POST", "/login", "username=" + who.username + "&password=nope&_csrf=" + token,
                     form + "Cookie: ll_csrf=" + token + "\r\n");
  EXPECT_EQ(bad.status, 401);
  EXPECT_NE(bad.body.find("用户名或密码不正确"), std::string::npos);
}

TEST(Http, AdministratorsLandOnTheirDashboardAfterSigningIn) {
  auto page = request(port(), "GET", "/login");
  auto cookie = page.header("set-cookie");
  auto token = cookie.substr(8, cookie.find(';') - 8);
  const std::string headers = "Content-Type: application/x-www-form-urlencoded\r\nCookie: ll_csrf=" + token + "\r\n";
  auto landing = [&](const signed_in& who, const std::string& next) {
    auto r =
        request(port(), "POST", "/login",
                "username=" + who.username + "&password=a+long+password&next=" + next + "&_csrf=" + token, headers);
    EXPECT_EQ(r.status, 303);
    return r.header("location");
  };
  const auto admin = sign_up_as("site_admin");
  EXPECT_EQ(landing(admin, "%2F"), "/admin/stats");
  EXPECT_EQ(landing(admin, "%2Freview"), "/review");  // on their way somewhere: there
  EXPECT_EQ(landing(sign_up(), "%2F"), "/");
  EXPECT_EQ(landing(sign_up(true), "%2F"), "/");
}

TEST(Http, RegistrationFormShowsTheProblemNextToTheField) {
  test_tree t;
  auto page = request(port(), "GET", "/register");
  EXPECT_NE(page.body.find("<optgroup label=\"甲区 · 某街道\">"), std::string::npos);  // communities by street
  auto cookie = page.header("set-cookie");
  auto token = cookie.substr(8, cookie.find(';') - 8);
  auto post = [&](const std::string& fields) {
    return request(port(), "POST", "/register", fields + "&_csrf=" + token,
                   "Content-Type: application/x-www-form-urlencoded\r\nCookie: ll_csrf=" + token + "\r\n");
  };
  auto r = post("username=ab&display_name=x&password=a+long+password&org_unit_id=" + std::to_string(t.community));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("aria-invalid=\"true\""), std::string::npos);
  EXPECT_NE(r.body.find("用户名需要"), std::string::npos);
  // The chosen community stays chosen when the form comes back.
  EXPECT_NE(r.body.find("value=\"" + std::to_string(t.community) + "\" selected"), std::string::npos);

  const auto name = unique_name("reg");
  auto no_home = post("username=" + name + "&display_name=x&password=a+long+password");
  EXPECT_EQ(no_home.status, 400);
  EXPECT_NE(no_home.body.find("请选择你居住的社区"), std::string::npos);
  EXPECT_NE(no_home.body.find("name=\"org_unit_id\" required aria-invalid=\"true\""), std::string::npos);
  auto street =
      post("username=" + name + "&display_name=x&password=a+long+password&org_unit_id=" + std::to_string(t.street));
  EXPECT_EQ(street.status, 400);  // a home is a community, not a street
  EXPECT_NE(street.body.find("请选择一个社区"), std::string::npos);
  auto done =
      post("username=" + name + "&display_name=x&password=a+long+password&org_unit_id=" + std::to_string(t.community));
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(done.header("location"), "/welcome");
  EXPECT_EQ(test_server::get().application->users.find_by_username(name)->home_path.front(), t.community);
  // The welcome says what to do next, by name.
  std::string session;
  for (auto [it, end] = done.headers.equal_range("set-cookie"); it != end; ++it)
    if (it->second.rfind("ll_sid=", 0) == 0) session = it->second.substr(0, it->second.find(';'));
  const auto welcome = request(port(), "GET", "/welcome", "", "Cookie: " + session + "\r\n");
  EXPECT_EQ(welcome.status, 200);
  EXPECT_NE(welcome.body.find("欢迎您，x！"), std::string::npos) << welcome.body;
  EXPECT_NE(welcome.body.find("id=\"next-steps\""), std::string::npos);
  EXPECT_NE(welcome.body.find("<title>欢迎 · "), std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/welcome").status, 303);  // signed out: to sign-in
  // A name already taken is the name field's problem, said next to it.
  auto taken =
      post("username=" + name + "&display_name=y&password=a+long+password&org_unit_id=" + std::to_string(t.community));
  EXPECT_EQ(taken.status, 409);
  EXPECT_NE(taken.body.find("aria-describedby=\"username-hint register-error\" aria-invalid=\"true\""),
            std::string::npos)
      << taken.body;
}

TEST(Http, OversizedFormBodyIs413) {
  std::string big(2 * 1024 * 1024, 'a');
  EXPECT_EQ(request(port(), "POST", "/login", big, "Content-Type: application/x-www-form-urlencoded\r\n").status, 413);
}

// The site says who runs it (config [site]): in the header, the footer with the helpline,
// the privacy notice and the ICP filing number, and in the privacy notice itself.
TEST(Http, EveryPageSaysWhoRunsTheSite) {
  for (const std::string path : {"/", "/login", "/courses/999999999"}) {
    const auto r = request(port(), "GET", path);
    EXPECT_NE(r.body.find("<title>"), std::string::npos) << path;
    EXPECT_NE(r.body.find("示范市终身学习网</title>"), std::string::npos) << path;
    EXPECT_NE(r.body.find("<img src=\"/static/img/logo.svg\""), std::string::npos) << path;
    EXPECT_NE(r.body.find("<small class=\"issuer\">示范市社区教育指导中心</small>"), std::string::npos) << path;
    EXPECT_NE(r.body.find("<a href=\"tel:0571-12345678\">0571-12345678</a>"), std::string::npos) << path;
    EXPECT_NE(r.body.find("<a href=\"/privacy\">隐私政策</a>"), std::string::npos) << path;
    EXPECT_NE(r.body.find(">示ICP备00000000号</a>"), std::string::npos) << path;
  }
  const auto privacy = request(port(), "GET", "/privacy");
  EXPECT_EQ(privacy.status, 200);
  EXPECT_NE(privacy.body.find("本网站由示范市社区教育指导中心主办"), std::string::npos);
  EXPECT_NE(privacy.body.find("最长保留 30 天"), std::string::npos);
  EXPECT_EQ(privacy.body.find("{days}"), std::string::npos);
  const auto english = request(port(), "GET", "/privacy", "", "Cookie: lang=en\r\n");
  EXPECT_NE(english.body.find("Privacy notice"), std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/static/img/logo.svg").header("content-type"), "image/svg+xml");
}

// Every page's <title> names it ("页面 · 站名"), so tabs, history and screen readers tell
// them apart. The home page is the site's name alone.
TEST(Http, EveryPageTitleNamesThePage) {
  const auto admin = sign_up_as("site_admin");
  const auto teacher = sign_up(true);
  const auto course = nlohmann::json::parse(request(port(), "POST", "/api/v1/courses",
                                                    nlohmann::json{{"title", "标题测试课"}, {"category", "law"}}.dump(),
                                                    "Content-Type: application/json\r\n" + teacher.with_csrf())
                                                .body)["id"]
                          .get<std::uint64_t>();
  const std::vector<std::pair<const signed_in*, std::string>> pages{
      {nullptr, "/login"},
      {nullptr, "/register"},
      {nullptr, "/verify"},
      {&admin, "/me/learning"},
      {&admin, "/account"},
      {&admin, "/activities"},
      {&admin, "/welcome"},
      {&admin, "/admin/system"},
      {&admin, "/admin/categories"},
      {&admin, "/admin/units"},
      {&admin, "/admin/stats"},
      {&admin, "/admin/activities"},
      {&admin, "/review"},
      {&admin, "/staff/cards"},
      {&teacher, "/teach"},
      {&teacher, "/teach/courses/" + std::to_string(course)},
      {&teacher, "/courses/" + std::to_string(course)},
      {nullptr, "/privacy"},
      {nullptr, "/courses/999999999"}};
  for (const auto& [who, path] : pages) {
    const auto r = request(port(), "GET", path, "", who ? who->cookie : "");
    const auto at = r.body.find("<title>"), end = r.body.find("</title>");
    ASSERT_NE(at, std::string::npos) << path << " (" << r.status << ")";
    const auto title = r.body.substr(at + 7, end - at - 7);
    EXPECT_NE(title.find(" · "), std::string::npos) << path << " is titled only " << title;
  }
}
