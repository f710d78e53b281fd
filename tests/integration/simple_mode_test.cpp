// The simplified pages switched on and off from any page: remembered in a cookie before
// sign-in and for the account after; learning-card accounts start in them.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/form.hpp"
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
// The header's switch for a signed-in person: a form with the session's token.
http_result switch_mode(const signed_in& who, const std::string& mode, const std::string& back = "/") {
  return request(port(), "POST", "/mode/" + mode, "_csrf=" + who.csrf + "&back=" + lifelong::http::url_encode(back),
                 "Content-Type: application/x-www-form-urlencoded\r\n" + who.cookie);
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

// MIIT asks for an offer of the elderly version on a first visit, easy to decline for good.
TEST(SimpleMode, AFirstVisitIsOfferedTheSimplifiedPagesUntilTheVisitorChoosesOrDeclines) {
  const auto offered = [](const http_result& page) {
    return page.body.find("class=\"mode-prompt\"") != std::string::npos;
  };
  for (const std::string path : {"/", "/register", "/courses/999999999"}) {
    EXPECT_TRUE(offered(request(port(), "GET", path))) << path;
    // Declined, or a mode chosen either way: never again. The cached catalog is no exception.
    EXPECT_FALSE(offered(request(port(), "GET", path, "", "Cookie: ll_prompt=no\r\n"))) << path;
    EXPECT_FALSE(offered(request(port(), "GET", path, "", "Cookie: ll_mode=standard\r\n"))) << path;
    EXPECT_FALSE(offered(request(port(), "GET", path, "", "Cookie: ll_mode=simple\r\n"))) << path;
  }
  auto no = request(port(), "GET", "/mode-prompt/no?back=%2Fregister");
  EXPECT_EQ(no.status, 303);
  EXPECT_EQ(no.header("location"), "/register");
  EXPECT_EQ(no.header("set-cookie").rfind("ll_prompt=no;", 0), 0u) << no.header("set-cookie");
  EXPECT_NE(no.header("set-cookie").find("Max-Age=34560000"),
            std::string::npos);  // 400 days, as long as browsers keep any
  EXPECT_EQ(request(port(), "GET", "/mode-prompt/no?back=%2F%2Fevil.example").header("location"), "/");
  // A signed-in person's account holds the choice; the account page is where it changes.
  const auto person = sign_up();
  EXPECT_FALSE(offered(request(port(), "GET", "/", "", person.cookie)));
  auto account = request(port(), "GET", "/account", "", person.cookie);
  EXPECT_NE(account.body.find("action=\"/mode/simple\""), std::string::npos);
}

// The simplified pages' extra-large pointer: a choice of the device, for those pages only.
TEST(SimpleMode, TheLargePointerIsTheDevicesChoiceForTheSimplifiedPages) {
  auto on = request(port(), "GET", "/pointer/large?back=%2Flogin");
  EXPECT_EQ(on.status, 303);
  EXPECT_EQ(on.header("location"), "/login");
  EXPECT_EQ(on.header("set-cookie").rfind("ll_pointer=large;", 0), 0u);
  EXPECT_EQ(request(port(), "GET", "/pointer/normal").header("set-cookie").rfind("ll_pointer=normal;", 0), 0u);
  EXPECT_EQ(request(port(), "GET", "/pointer/huge").status, 404);
  EXPECT_EQ(request(port(), "GET", "/pointer/large?back=https%3A%2F%2Fevil.example").header("location"), "/");
  const std::string large = "Cookie: ll_mode=simple; ll_pointer=large\r\n";
  for (const std::string path : {"/", "/login"}) {
    EXPECT_NE(request(port(), "GET", path, "", large).body.find("class=\"simple large-pointer\""), std::string::npos);
    // And back: a page cached for the large pointer is not handed to a device without it.
    EXPECT_TRUE(simple(request(port(), "GET", path, "", "Cookie: ll_mode=simple; ll_pointer=normal\r\n"))) << path;
    EXPECT_TRUE(simple(request(port(), "GET", path, "", "Cookie: ll_mode=simple\r\n"))) << path;
    // The standard pages keep the usual pointer.
    EXPECT_EQ(
        request(port(), "GET", path, "", "Cookie: ll_mode=standard; ll_pointer=large\r\n").body.find("large-pointer\""),
        std::string::npos);
  }
}

TEST(SimpleMode, ForAnAccountTheChoiceFollowsThePersonToEveryDevice) {
  auto phone = sign_up();
  auto tablet = sign_in_again(phone);
  EXPECT_FALSE(simple(request(port(), "GET", "/me/learning", "", phone.cookie)));
  EXPECT_EQ(switch_mode(phone, "simple", "/me/learning").status, 303);
  EXPECT_TRUE(simple(request(port(), "GET", "/me/learning", "", phone.cookie)));
  EXPECT_TRUE(simple(request(port(), "GET", "/me/learning", "", tablet.cookie)));     // already signed in elsewhere
  EXPECT_TRUE(simple(request(port(), "GET", "/", "", sign_in_again(phone).cookie)));  // and at the next sign-in
  EXPECT_EQ(switch_mode(tablet, "standard").status, 303);
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

namespace {
std::size_t at(const http_result& page, const std::string& text) {
  return page.body.find(text);
}
// Links, buttons and fields a person can choose in the page's own content.
int choices_in_main(const http_result& page) {
  const auto begin = page.body.find("<main"), end = page.body.find("</main>");
  auto main = page.body.substr(begin, end - begin);
  int n = 0;
  // What a closed <details> holds is not offered at once: its summary is one choice.
  for (auto open = main.find("<details"); open != std::string::npos; open = main.find("<details", open)) {
    const auto close = main.find("</details>", open);
    main.erase(open, close == std::string::npos ? std::string::npos : close + 10 - open);
    ++n;
  }
  for (const char* tag : {"<a ", "<button", "<select", "<textarea", "<input"})
    for (auto pos = main.find(tag); pos != std::string::npos; pos = main.find(tag, pos + 1)) ++n;
  for (auto pos = main.find("type=\"hidden\""); pos != std::string::npos; pos = main.find("type=\"hidden\"", pos + 1))
    --n;
  return n;
}
std::string course_link(std::uint64_t id) {
  return "href=\"/courses/" + std::to_string(id) + "\"";
}
}  // namespace

TEST(SimpleMode, TheHomeShowsContinueWatchingFirstThenAShortListForOlderLearnersNearby) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community, t.community);
  const auto tag = unique_name("简");
  std::vector<std::uint64_t> older;
  for (int i = 0; i < 5; ++i)
    older.push_back(published_course(teacher, tag + "老年" + std::to_string(i), "health", {"older_adults"}));
  const auto for_youth = published_course(teacher, tag + "青年", "digital", {"youth"});
  auto staff = sign_up_as("staff", t.community, t.community);
  auto holder = sign_in_with_card(issue_card(staff, "王奶奶", t.community));

  auto home = request(port(), "GET", "/", "", holder.cookie);
  ASSERT_EQ(home.status, 200);
  EXPECT_EQ(at(home, "continue-heading"), std::string::npos);  // nothing watched yet
  EXPECT_EQ(at(home, "role=\"search\""), std::string::npos);   // no filters, no search form
  // Their own community's courses for older learners, newest first, four to a page.
  ASSERT_NE(at(home, course_link(older[4])), std::string::npos) << home.body;
  EXPECT_LT(at(home, course_link(older[4])), at(home, course_link(older[3])));
  EXPECT_LT(at(home, course_link(older[3])), at(home, course_link(older[2])));
  EXPECT_LT(at(home, course_link(older[2])), at(home, course_link(older[1])));
  EXPECT_EQ(at(home, course_link(older[0])), std::string::npos);
  EXPECT_EQ(at(home, course_link(for_youth)), std::string::npos);
  EXPECT_NE(at(home, "href=\"/?page=2\""), std::string::npos);
  EXPECT_LE(choices_in_main(home), 6);
  auto second = request(port(), "GET", "/?page=2", "", holder.cookie);
  EXPECT_NE(at(second, course_link(older[0])), std::string::npos);
  EXPECT_NE(at(second, "href=\"/?page=1\""), std::string::npos);
  EXPECT_LE(choices_in_main(second), 6);

  // After watching 30 s of a lesson, that lesson is the first thing on the home page.
  const auto course_id = std::to_string(older[2]);
  ASSERT_EQ(request(port(), "PUT", "/api/v1/courses/" + course_id + "/enrolment", "", holder.with_csrf()).status, 200);
  const auto lesson =
      nlohmann::json::parse(request(port(), "GET", "/api/v1/courses/" + course_id).body)["lessons"][0]["id"]
          .get<std::uint64_t>();
  ASSERT_EQ(
      request(port(), "POST", "/api/v1/lessons/" + std::to_string(lesson) + "/progress",
              nlohmann::json{{"ranges", {{0, 30}}}, {"position_ms", 30000}}.dump(), json_type + holder.with_csrf())
          .status,
      200);
  home = request(port(), "GET", "/", "", holder.cookie);
  const auto play = at(home, "class=\"button primary play-big\" href=\"/lessons/" + std::to_string(lesson) + "\"");
  ASSERT_NE(play, std::string::npos) << home.body;
  EXPECT_LT(at(home, "continue-heading"), at(home, "picked-heading"));
  EXPECT_LT(play, at(home, course_link(older[4])));
  EXPECT_NE(at(home, "30%"), std::string::npos);
  EXPECT_LE(choices_in_main(home), 6);

  // A search in this mode still gets the full catalog; standard mode the usual home.
  EXPECT_NE(at(request(port(), "GET", "/?q=" + lifelong::http::url_encode(tag), "", holder.cookie), "role=\"search\""),
            std::string::npos);
  EXPECT_EQ(switch_mode(holder, "standard").status, 303);
  EXPECT_NE(at(request(port(), "GET", "/", "", holder.cookie), "role=\"search\""), std::string::npos);
}

TEST(SimpleMode, TheLessonPageHasBigControlsCaptionsOnAndANextStep) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community, t.community);
  const auto course_id = published_course(teacher, unique_name("简课"), "health", {"older_adults"});
  const auto lesson = std::to_string(
      nlohmann::json::parse(
          request(port(), "GET", "/api/v1/courses/" + std::to_string(course_id)).body)["lessons"][0]["id"]
          .get<std::uint64_t>());
  auto learner = sign_up_as("", std::nullopt, t.community);
  ASSERT_EQ(
      request(port(), "PUT", "/api/v1/courses/" + std::to_string(course_id) + "/enrolment", "", learner.with_csrf())
          .status,
      200);
  auto standard = request(port(), "GET", "/lessons/" + lesson, "", learner.cookie);
  ASSERT_EQ(standard.status, 200);
  EXPECT_NE(at(standard, "data-rate=\"1.5\""), std::string::npos);
  EXPECT_NE(at(standard, "<video id=\"player\" controls"), std::string::npos);

  ASSERT_EQ(switch_mode(learner, "simple").status, 303);
  auto simple_page = request(port(), "GET", "/lessons/" + lesson, "", learner.cookie);
  ASSERT_EQ(simple_page.status, 200);
  for (const char* rate : {"data-rate=\"0.75\"", "data-rate=\"1\"", "data-rate=\"1.25\"", "id=\"play-toggle\""})
    EXPECT_NE(at(simple_page, rate), std::string::npos) << rate;
  EXPECT_EQ(at(simple_page, "data-rate=\"1.5\""), std::string::npos);
  EXPECT_EQ(at(simple_page, "captions-toggle"), std::string::npos);  // no captions yet: no button for them
  EXPECT_NE(at(simple_page, "这一课没有字幕"), std::string::npos);   // and the page says so
  EXPECT_NE(at(standard, "这一课没有字幕"), std::string::npos);
  for (const char* control : {"id=\"back-10\"", "id=\"fullscreen-toggle\"", "id=\"play-time\""})
    EXPECT_NE(at(simple_page, control), std::string::npos) << control;
  EXPECT_NE(at(simple_page, "href=\"/courses/" + std::to_string(course_id) + "\""), std::string::npos);  // last lesson
  EXPECT_LE(choices_in_main(simple_page), 6);

  ASSERT_EQ(
      request(port(), "PUT", "/api/v1/lessons/" + lesson + "/captions/zh-CN",
              "1\n00:00:01,000 --> 00:00:03,000\n先挂断电话。\n", "Content-Type: text/plain\r\n" + teacher.with_csrf())
          .status,
      200);
  simple_page = request(port(), "GET", "/lessons/" + lesson, "", learner.cookie);
  EXPECT_NE(at(simple_page, "srclang=\"zh-CN\" label=\"中文\" default>"), std::string::npos) << simple_page.body;
  EXPECT_NE(at(simple_page, "id=\"captions-toggle\""), std::string::npos);
  EXPECT_NE(at(simple_page, "id=\"caption-line\""), std::string::npos);
  EXPECT_EQ(at(simple_page, "这一课没有字幕"), std::string::npos);
  EXPECT_LE(choices_in_main(simple_page), 6);
}

TEST(SimpleMode, SigningInOnADeviceKeepsTheChoiceMadeThereBeforehand) {
  auto someone = sign_up();  // the account starts in the standard pages
  const std::string token(43, 'k');
  auto sign_in_form = [&](const std::string& mode_cookie) {
    std::string cookies = "Cookie: ll_csrf=" + token + (mode_cookie.empty() ? "" : "; ll_mode=" + mode_cookie) + "\r\n";
    auto r =
        request(port(), "POST", "/login", "username=" + someone.username + "&password=a+long+password&_csrf=" + token,
                "Content-Type: application/x-www-form-urlencoded\r\n" + cookies);
    EXPECT_EQ(r.status, 303) << r.body;
    const auto sid = r.header("set-cookie");
    return "Cookie: " + sid.substr(0, sid.find(';')) + "\r\n";
  };
  EXPECT_FALSE(simple(request(port(), "GET", "/me/learning", "", sign_in_form(""))));
  EXPECT_TRUE(simple(request(port(), "GET", "/me/learning", "", sign_in_form("simple"))));
  EXPECT_TRUE(simple(request(port(), "GET", "/me/learning", "", someone.cookie)));    // an earlier session follows
  EXPECT_TRUE(simple(request(port(), "GET", "/me/learning", "", sign_in_form(""))));  // no cookie: the account's
  EXPECT_FALSE(simple(request(port(), "GET", "/me/learning", "", sign_in_form("standard"))));
  EXPECT_FALSE(simple(request(port(), "GET", "/me/learning", "", sign_in_form("bogus"))));
}

TEST(SimpleMode, TheCoursePageOffersOneBigButtonIntoTheCourse) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community, t.community);
  const auto course_id = std::to_string(published_course(teacher, unique_name("简课页"), "health", {"older_adults"}));
  const auto lesson = std::to_string(
      nlohmann::json::parse(request(port(), "GET", "/api/v1/courses/" + course_id).body)["lessons"][0]["id"]
          .get<std::uint64_t>());
  auto staff = sign_up_as("staff", t.community, t.community);
  auto holder = sign_in_with_card(issue_card(staff, "钱大爷", t.community));
  auto before = request(port(), "GET", "/courses/" + course_id, "", holder.cookie);
  ASSERT_EQ(before.status, 200);
  EXPECT_NE(at(before, "action=\"/courses/" + course_id + "/enrol\""), std::string::npos);
  EXPECT_EQ(at(before, "href=\"/lessons/"), std::string::npos);  // lessons are a plain list
  ASSERT_EQ(request(port(), "PUT", "/api/v1/courses/" + course_id + "/enrolment", "", holder.with_csrf()).status, 200);
  auto enrolled = request(port(), "GET", "/courses/" + course_id, "", holder.cookie);
  const auto start = at(enrolled, "class=\"button primary play-big\" href=\"/lessons/" + lesson + "\"");
  ASSERT_NE(start, std::string::npos) << enrolled.body;
  EXPECT_NE(enrolled.body.find("开始学习：第一课", start), std::string::npos) << enrolled.body.substr(start, 300);
  EXPECT_LE(choices_in_main(enrolled), 6);
  ASSERT_EQ(request(port(), "POST", "/api/v1/lessons/" + lesson + "/progress",
                    nlohmann::json{{"ranges", {{0, 10}}}}.dump(), json_type + holder.with_csrf())
                .status,
            200);
  EXPECT_NE(at(request(port(), "GET", "/courses/" + course_id, "", holder.cookie), "继续播放：第一课"),
            std::string::npos);
  // The teacher in the simplified mode keeps the editing link.
  ASSERT_EQ(switch_mode(teacher, "simple").status, 303);
  EXPECT_NE(at(request(port(), "GET", "/courses/" + course_id, "", teacher.cookie), "/teach/courses/" + course_id),
            std::string::npos);
}
