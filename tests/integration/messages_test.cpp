// 站内消息 (issue 21): teachers hear of review decisions, residents of new courses and
// classes for them and get a weekly nudge to go on with a course left for a week; the
// bell counts what came since the page was last opened; mail goes, through a real SMTP
// server on loopback, only to those who asked for it. (A failed transcode's message is
// checked with the real transcoder in http_upload_test.cpp.)
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "handlers/message_mail.hpp"
#include "org_fixture.hpp"
#include "smtp_stand.hpp"
#include "storage/sql.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}
lifelong::app& application() {
  return *test_server::get().application;
}
const std::string form_type = "Content-Type: application/x-www-form-urlencoded\r\n";

std::string course_url(std::uint64_t course) {
  return "/api/v1/courses/" + std::to_string(course);
}
int act(std::uint64_t course, const std::string& what, const signed_in& who, const nlohmann::json& body = {}) {
  return request(port(), "POST", course_url(course) + "/" + what, body.is_null() ? "{}" : body.dump(),
                 json_type + who.with_csrf())
      .status;
}
// Submitted by its teacher and approved by the reviewer: published, as in real life.
void publish(std::uint64_t course, const signed_in& teacher, const signed_in& reviewer) {
  ASSERT_EQ(act(course, "submit", teacher), 200);
  ASSERT_EQ(act(course, "review", reviewer, {{"decision", "approve"}}), 200);
}
int unread(const signed_in& who) {
  auto r = request(port(), "GET", "/api/v1/me/messages/unread", "", who.cookie);
  EXPECT_EQ(r.status, 200) << r.body;
  return nlohmann::json::parse(r.body)["unread"].get<int>();
}
nlohmann::json messages(const signed_in& who, int page = 1) {
  auto r = request(port(), "GET", "/api/v1/me/messages?page=" + std::to_string(page), "", who.cookie);
  EXPECT_EQ(r.status, 200) << r.body;
  return nlohmann::json::parse(r.body);
}
// This person's messages of one kind about one course.
int count_of(const signed_in& who, const std::string& kind, std::uint64_t course) {
  int n = 0;
  const auto all = messages(who);  // kept: a range-for over a temporary's member dangles
  for (const auto& m : all["messages"]) n += m["kind"] == kind && m.value("course_id", std::uint64_t{0}) == course;
  return n;
}
void run(const std::string& sql) {
  application().db.with([&](sql::Connection& c) { lifelong::storage::prepare(c, sql.c_str())->execute(); });
}
}  // namespace

TEST(Messages, TeachersHearOfReviewDecisionsAndTheBellCountsUntilTheyAreRead) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.street, t.community);
  auto reviewer = sign_up_as("reviewer", t.district_a, t.community);
  const auto course = complete_course(teacher, unique_name("消息课"));
  EXPECT_EQ(unread(teacher), 0);
  auto empty_page = request(port(), "GET", "/me/messages", "", teacher.cookie);
  EXPECT_EQ(empty_page.status, 200);
  EXPECT_NE(empty_page.body.find("还没有消息"), std::string::npos);

  ASSERT_EQ(act(course, "submit", teacher), 200);
  EXPECT_EQ(unread(teacher), 0);  // submitting is the teacher's own step
  ASSERT_EQ(act(course, "review", reviewer, {{"decision", "return"}, {"comment", "<b>第一课</b>声音太小"}}), 200);
  EXPECT_EQ(unread(teacher), 1);
  EXPECT_EQ(unread(reviewer), 0);
  auto list = messages(teacher)["messages"];
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["kind"], "returned");
  EXPECT_EQ(list[0]["comment"], "<b>第一课</b>声音太小");
  EXPECT_EQ(list[0]["link"], "/teach/courses/" + std::to_string(course));
  EXPECT_TRUE(list[0]["unread"].get<bool>());

  // The bell on every page counts it; the page shows the comment as text, never as markup.
  auto home = request(port(), "GET", "/", "", teacher.cookie);
  EXPECT_NE(home.body.find("<span class=\"count\">1<span class=\"visually-hidden\">"), std::string::npos);
  auto page = request(port(), "GET", "/me/messages", "", teacher.cookie);
  EXPECT_NE(page.body.find("&lt;b&gt;第一课&lt;/b&gt;声音太小"), std::string::npos);
  EXPECT_EQ(page.body.find("<b>第一课</b>"), std::string::npos);
  EXPECT_NE(page.body.find("class=\"badge new\""), std::string::npos);  // new when it was opened
  EXPECT_EQ(unread(teacher), 0);                                        // opened: read
  EXPECT_EQ(request(port(), "GET", "/teach", "", teacher.cookie).body.find("<span class=\"count\">"),
            std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/me/messages", "", teacher.cookie).body.find("class=\"badge new\""),
            std::string::npos);

  ASSERT_EQ(act(course, "submit", teacher), 200);
  ASSERT_EQ(act(course, "review", reviewer, {{"decision", "approve"}}), 200);
  EXPECT_EQ(unread(teacher), 1);
  list = messages(teacher)["messages"];
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["kind"], "approved");  // newest first
  EXPECT_FALSE(list[0].contains("comment"));
  EXPECT_FALSE(list[1]["unread"].get<bool>());

  // Read through the API as well; a page past the last says how many there are.
  EXPECT_EQ(request(port(), "POST", "/api/v1/me/messages/read", "", teacher.with_csrf()).status, 200);
  EXPECT_EQ(unread(teacher), 0);
  EXPECT_EQ(request(port(), "POST", "/api/v1/me/messages/read", "", teacher.cookie).status, 403);  // no token
  auto past = messages(teacher, 9);
  EXPECT_TRUE(past["messages"].empty());
  EXPECT_EQ(past["total"], 2);
  EXPECT_NE(request(port(), "GET", "/me/messages?page=9", "", teacher.cookie).body.find("id=\"past-end\""),
            std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/api/v1/me/messages").status, 401);
}

TEST(Messages, NewCoursesAndClassesReachThoseTheyAreForAndTheSimplifiedHomeShowsThemAsCards) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.street, t.community);
  auto reviewer = sign_up_as("reviewer", t.city, t.community);
  auto here = sign_up_as("", std::nullopt, t.community);
  auto there = sign_up_as("", std::nullopt, t.community_b);
  const auto course = complete_course(teacher, unique_name("乙街道专享"));
  ASSERT_EQ(request(port(), "PUT", course_url(course) + "/audience", nlohmann::json{{"unit_ids", {t.street_b}}}.dump(),
                    json_type + teacher.with_csrf())
                .status,
            200);
  publish(course, teacher, reviewer);
  EXPECT_EQ(count_of(there, "new_course", course), 1);
  EXPECT_EQ(count_of(here, "new_course", course), 0);            // not offered to them
  EXPECT_EQ(count_of(teacher, "new_course", course), 0);         // their own course is no news to them
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // users.created_at has whole seconds
  auto later = sign_up_as("", std::nullopt, t.community_b);
  EXPECT_EQ(count_of(later, "new_course", course), 0);  // news from before they joined

  // Taken off and approved again: still announced once.
  ASSERT_EQ(act(course, "withdraw", teacher, {{"comment", "重新整理"}}), 200);
  EXPECT_EQ(count_of(there, "new_course", course), 0);  // not in the catalog: no news
  publish(course, teacher, reviewer);
  EXPECT_EQ(count_of(there, "new_course", course), 1);

  // A class held by the street is news for those living under it, until it is cancelled.
  auto admin = sign_up_as("reviewer", t.street, t.community);
  const auto tomorrow =
      std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now() + std::chrono::hours(32));
  const std::chrono::year_month_day d{tomorrow};
  char starts[32];
  std::snprintf(starts, sizeof starts, "%04d-%02u-%02uT09:30", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  const nlohmann::json class_body{{"unit_id", t.street},   {"category", "health"}, {"title", "防诈骗讲座"},
                                  {"place", "街道活动室"}, {"starts_at", starts},  {"capacity", 30}};
  auto made = request(port(), "POST", "/api/v1/activities", class_body.dump(), json_type + admin.with_csrf());
  ASSERT_EQ(made.status, 201) << made.body;
  const auto activity = nlohmann::json::parse(made.body)["id"].get<std::uint64_t>();
  auto news_of_class = [&](const signed_in& who) {
    const auto all = messages(who);
    for (const auto& m : all["messages"])
      if (m["kind"] == "new_class" && m["activity_id"] == activity) return m;
    return nlohmann::json();
  };
  ASSERT_FALSE(news_of_class(here).is_null());
  EXPECT_NE(news_of_class(here)["text"].get<std::string>().find("防诈骗讲座"), std::string::npos);
  EXPECT_NE(news_of_class(here)["text"].get<std::string>().find("街道活动室"), std::string::npos);
  EXPECT_TRUE(news_of_class(there).is_null());

  // The simplified home shows unread messages as big cards; "知道了" reads them.
  ASSERT_EQ(request(port(), "POST", "/mode/simple", "back=%2F&_csrf=" + here.csrf, form_type + here.cookie).status,
            303);
  auto simple_home = request(port(), "GET", "/", "", here.cookie);
  EXPECT_NE(simple_home.body.find("class=\"message-card\""), std::string::npos);
  EXPECT_NE(simple_home.body.find("防诈骗讲座"), std::string::npos);
  EXPECT_NE(simple_home.body.find("<h1 id=\"messages-heading\">"), std::string::npos);  // nothing to continue yet
  auto done = request(port(), "POST", "/me/messages/read", "back=%2F&_csrf=" + here.csrf, form_type + here.cookie);
  EXPECT_EQ(done.status, 303);
  EXPECT_EQ(done.header("location"), "/");
  EXPECT_EQ(unread(here), 0);
  simple_home = request(port(), "GET", "/", "", here.cookie);
  EXPECT_EQ(simple_home.body.find("class=\"message-card\""), std::string::npos);
  EXPECT_NE(simple_home.body.find("<h1 id=\"picked-heading\">"), std::string::npos);

  // Once it has begun it is no longer news.
  run("UPDATE offline_activities SET starts_at = UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE id = " +
      std::to_string(activity));
  EXPECT_TRUE(news_of_class(here).is_null());
  run("UPDATE offline_activities SET starts_at = UTC_TIMESTAMP() + INTERVAL 1 DAY WHERE id = " +
      std::to_string(activity));
  ASSERT_FALSE(news_of_class(here).is_null());

  ASSERT_EQ(request(port(), "POST", "/api/v1/activities/" + std::to_string(activity) + "/cancel", "{}",
                    json_type + admin.with_csrf())
                .status,
            200);
  EXPECT_TRUE(news_of_class(here).is_null());  // cancelled: no longer news
}

TEST(Messages, ANudgeComesAfterAWeekOncePerCourseLeftAtMostOnceAWeekAndCanBeTurnedOff) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.street, t.community);
  const auto first = published_course(teacher, unique_name("第一门"), "law");
  const auto second = published_course(teacher, unique_name("第二门"), "health");
  auto learner = sign_up_as("", std::nullopt, t.community);
  auto enrol = [&](const signed_in& who, std::uint64_t course) {
    ASSERT_EQ(request(port(), "PUT", course_url(course) + "/enrolment", "", who.with_csrf()).status, 200);
  };
  // The person last learned in the course `days` ago.
  auto left = [&](const signed_in& who, std::uint64_t course, int days) {
    run("INSERT INTO lesson_progress (user_id, lesson_id, watched, seconds_watched, updated_at) SELECT " +
        std::to_string(who.id) + ", id, '', 10, UTC_TIMESTAMP() - INTERVAL " + std::to_string(days) +
        " DAY FROM lessons WHERE course_id = " + std::to_string(course) +
        " ON DUPLICATE KEY UPDATE updated_at = VALUES(updated_at)");
  };
  auto a_week_passes = [&](const signed_in& who) {
    run("UPDATE users SET last_nudge_at = last_nudge_at - INTERVAL 8 DAY WHERE id = " + std::to_string(who.id));
  };
  auto nudges = [&] { application().messages.send_nudges(); };
  enrol(learner, first);
  enrol(learner, second);
  left(learner, first, 8);
  left(learner, second, 9);

  nudges();
  EXPECT_EQ(count_of(learner, "continue", first), 1);   // the course left last
  EXPECT_EQ(count_of(learner, "continue", second), 0);  // one a week
  nudges();
  EXPECT_EQ(count_of(learner, "continue", first), 1);
  EXPECT_EQ(count_of(learner, "continue", second), 0);  // still the same week
  a_week_passes(learner);
  nudges();
  EXPECT_EQ(count_of(learner, "continue", second), 1);
  a_week_passes(learner);
  nudges();
  EXPECT_EQ(count_of(learner, "continue", first) + count_of(learner, "continue", second), 2);  // once per course left
  const auto learners_messages = messages(learner);
  for (const auto& m : learners_messages["messages"])
    if (m["kind"] == "continue")
      EXPECT_EQ(m["link"], "/courses/" + std::to_string(m["course_id"].get<std::uint64_t>()));

  // Not for: who turned them off, who left only days ago or long ago, who finished, who
  // is not enrolled.
  auto off = sign_up_as("", std::nullopt, t.community);
  auto recent = sign_up_as("", std::nullopt, t.community);
  auto long_ago = sign_up_as("", std::nullopt, t.community);
  auto finished = sign_up_as("", std::nullopt, t.community);
  auto browsing = sign_up_as("", std::nullopt, t.community);
  for (const auto* who : {&off, &recent, &long_ago, &finished}) enrol(*who, first);
  auto turned = request(port(), "PUT", "/api/v1/me/message-settings", nlohmann::json{{"continue_nudges", false}}.dump(),
                        json_type + off.with_csrf());
  ASSERT_EQ(turned.status, 200) << turned.body;
  EXPECT_FALSE(nlohmann::json::parse(turned.body)["continue_nudges"].get<bool>());
  left(off, first, 8);
  left(recent, first, 3);
  left(long_ago, first, 20);
  left(finished, first, 8);
  left(browsing, first, 8);
  run("INSERT INTO course_completions (user_id, course_id, credits, completed_at) VALUES (" +
      std::to_string(finished.id) + ", " + std::to_string(first) + ", 1, UTC_TIMESTAMP())");
  nudges();
  for (const auto* who : {&off, &recent, &long_ago, &finished, &browsing})
    EXPECT_EQ(count_of(*who, "continue", first), 0) << who->username;

  // Bad settings are refused and change nothing.
  EXPECT_EQ(request(port(), "PUT", "/api/v1/me/message-settings", nlohmann::json{{"continue_nudges", "no"}}.dump(),
                    json_type + recent.with_csrf())
                .status,
            400);
  EXPECT_EQ(request(port(), "PUT", "/api/v1/me/message-settings", "[1,2", json_type + recent.with_csrf()).status, 400);
  auto settings = request(port(), "GET", "/api/v1/me/message-settings", "", recent.cookie);
  EXPECT_TRUE(nlohmann::json::parse(settings.body)["continue_nudges"].get<bool>());
  // The account page's form turns them off and on.
  ASSERT_EQ(request(port(), "POST", "/account/messages", "_csrf=" + recent.csrf, form_type + recent.cookie).status,
            303);
  EXPECT_FALSE(nlohmann::json::parse(
                   request(port(), "GET", "/api/v1/me/message-settings", "", recent.cookie).body)["continue_nudges"]
                   .get<bool>());
  EXPECT_EQ(request(port(), "POST", "/account/messages", "continue_nudges=1", form_type + recent.cookie).status,
            403);  // no token: nothing changes
  ASSERT_EQ(
      request(port(), "POST", "/account/messages", "continue_nudges=1&_csrf=" + recent.csrf, form_type + recent.cookie)
          .status,
      303);
  EXPECT_NE(
      request(port(), "GET", "/account", "", recent.cookie).body.find("name=\"continue_nudges\" value=\"1\" checked"),
      std::string::npos);

  // A course taken off the catalog takes its nudges with it (its title may now be an unreviewed draft).
  ASSERT_EQ(act(first, "withdraw", teacher, {{"comment", "重新整理"}}), 200);
  EXPECT_EQ(count_of(learner, "continue", first), 0);
  EXPECT_EQ(count_of(learner, "continue", second), 1);
}

TEST(Messages, MailGoesOnlyToThoseWhoAskedForItAndOnlyOnce) {
  mail_on mail;
  smtp_server smtp;
  test_tree t;
  auto teacher = sign_up_as("teacher", t.street, t.community);
  auto reviewer = sign_up_as("reviewer", t.district_a, t.community);
  auto wants = sign_up_as("", std::nullopt, t.community);
  auto quiet = sign_up_as("", std::nullopt, t.community);
  auto no_address = sign_up_as("", std::nullopt, t.community);
  auto quiet_teacher = sign_up_as("teacher", t.street, t.community);  // an address, but no mail asked for
  for (const auto* who : {&teacher, &wants, &quiet, &quiet_teacher})
    run("UPDATE users SET email = '" + who->username + "@example.cn' WHERE id = " + std::to_string(who->id));
  auto ask_for_mail = [&](const signed_in& who, const nlohmann::json& body) {
    return request(port(), "PUT", "/api/v1/me/message-settings", body.dump(), json_type + who.with_csrf());
  };
  for (const auto* who : {&teacher, &wants}) {
    auto r = ask_for_mail(*who, {{"by_mail", true}});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(nlohmann::json::parse(r.body)["by_mail"].get<bool>());
  }
  // A form that did not offer mail leaves it as it was.
  ASSERT_EQ(
      request(port(), "POST", "/account/messages", "continue_nudges=1&_csrf=" + wants.csrf, form_type + wants.cookie)
          .status,
      303);
  EXPECT_TRUE(
      nlohmann::json::parse(request(port(), "GET", "/api/v1/me/message-settings", "", wants.cookie).body)["by_mail"]
          .get<bool>());
  // Mail needs a confirmed address; a refusal says why and stores nothing.
  auto refused = ask_for_mail(no_address, {{"by_mail", true}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("邮箱"), std::string::npos);
  EXPECT_FALSE(nlohmann::json::parse(
                   request(port(), "GET", "/api/v1/me/message-settings", "", no_address.cookie).body)["by_mail"]
                   .get<bool>());
  EXPECT_EQ(ask_for_mail(no_address, {{"by_mail", 1}}).status, 400);
  // The account page offers mail only to those with an address.
  EXPECT_NE(request(port(), "GET", "/account", "", wants.cookie).body.find("name=\"by_mail\""), std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/account", "", no_address.cookie).body.find("name=\"by_mail\""), std::string::npos);

  const auto title = unique_name("邮件通知课");
  const auto course = complete_course(teacher, title);
  publish(course, teacher, reviewer);
  // A title of nearly 200 characters makes a subject longer than the outbox holds: cut, not lost.
  std::string long_title;
  for (int i = 0; i < 180; ++i) long_title += "长";
  long_title = unique_name(long_title);
  const auto long_course = complete_course(quiet_teacher, long_title);
  publish(long_course, quiet_teacher, reviewer);
  // Whatever other tests left waiting is looked at too, a round of at most 100 at a time.
  auto queue_all = [] {
    int rounds = 0;
    while (lifelong::handlers::queue_message_mail(application()) > 0 && ++rounds < 100) {
    }
  };
  queue_all();
  auto deliver_all = [] {
    for (int round = 0; round < 100; ++round) {
      const auto d = deliver();
      ASSERT_FALSE(d.failed) << d.error;
      if (d.sent == 0) return;
    }
  };
  deliver_all();
  auto to = [&](const signed_in& who) {
    std::vector<std::string> bodies;
    for (const auto& m : smtp.messages())
      if (m.find("To: " + who.username + "@example.cn") != std::string::npos) bodies.push_back(body_of(m));
    return bodies;
  };
  ASSERT_EQ(to(wants).size(), 2u);
  auto mail_of = [&](const std::string& text) {
    for (const auto& body : to(wants))
      if (body.find(text) != std::string::npos) return body;
    return std::string();
  };
  EXPECT_NE(mail_of(title).find("/courses/" + std::to_string(course)), std::string::npos);
  EXPECT_NE(mail_of(title).find("/account"), std::string::npos);  // how to stop them
  EXPECT_NE(mail_of(long_title).find("/courses/" + std::to_string(long_course)), std::string::npos);
  // The teacher: their course approved, and the other teacher's new course; their own is no news.
  ASSERT_EQ(to(teacher).size(), 2u);
  int approved = 0, own_news = 0;
  for (const auto& body : to(teacher)) {
    approved += body.find("已通过审核") != std::string::npos;
    own_news += body.find("新课程上线：《" + title) != std::string::npos;
  }
  EXPECT_EQ(approved, 1);
  EXPECT_EQ(own_news, 0);
  EXPECT_TRUE(to(quiet).empty());
  EXPECT_TRUE(to(quiet_teacher).empty());  // approved, but no mail asked for

  // Looked at once: nothing goes twice.
  queue_all();
  deliver_all();
  EXPECT_EQ(to(wants).size(), 2u);
  EXPECT_EQ(to(teacher).size(), 2u);
}
