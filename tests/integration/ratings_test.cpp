// 评价 (issue 21): a resident who has started a course rates it 1–5 with an optional
// comment, once and changeable; the catalog shows the average and orders by it. Comments
// with a held word wait for a reviewer; reviewers of the area hide one with a reason its
// author sees; the teacher replies. Bad input is refused and stores nothing.
#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>

#include "http/form.hpp"
#include "org_fixture.hpp"
#include "storage/sql.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}
const std::string form_type = "Content-Type: application/x-www-form-urlencoded\r\n";
std::string course_url(std::uint64_t id) {
  return "/api/v1/courses/" + std::to_string(id);
}
http_result rate(std::uint64_t course, const signed_in& who, const nlohmann::json& body) {
  return request(port(), "PUT", course_url(course) + "/rating", body.dump(), json_type + who.with_csrf());
}
nlohmann::json ratings(std::uint64_t course, const signed_in& who) {
  auto r = request(port(), "GET", course_url(course) + "/ratings", "", who.cookie);
  EXPECT_EQ(r.status, 200) << r.body;
  return nlohmann::json::parse(r.body);
}
signed_in started(std::uint64_t course, std::uint64_t community) {
  auto who = sign_up_as("", std::nullopt, community);
  EXPECT_EQ(request(port(), "PUT", course_url(course) + "/enrolment", "", who.with_csrf()).status, 200);
  return who;
}
bool shows(const nlohmann::json& list, const std::string& comment) {
  for (const auto& c : list["comments"])
    if (c.value("comment", "") == comment) return true;
  return false;
}
http_result post_form(const std::string& path, const std::string& body, const signed_in& who) {
  return request(port(), "POST", path, body + "&_csrf=" + who.csrf, form_type + who.cookie);
}
}  // namespace

TEST(Ratings, ThoseWhoStartedACourseRateItOnceAndMayChangeIt) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.street, t.community);
  const auto course = published_course(teacher, unique_name("评价的课"), "law");
  auto newcomer = sign_up_as("", std::nullopt, t.community);
  EXPECT_EQ(rate(course, newcomer, {{"stars", 5}}).status, 409);  // not started yet
  EXPECT_EQ(rate(course, teacher, {{"stars", 5}}).status, 403);   // their own

  auto first = started(course, t.community);
  auto r = rate(course, first, {{"stars", 4}, {"comment", "  讲得清楚 <b>好</b>\r\n第二行  "}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body)["comment"], "讲得清楚 <b>好</b>\n第二行");
  EXPECT_EQ(rate(course, first, {{"stars", 2}, {"comment", "改主意了"}}).status, 200);  // one per person: changed
  EXPECT_EQ(rate(course, first, {{"stars", 2}}).status, 200);  // no words given: the words stay
  EXPECT_EQ(ratings(course, first)["mine"]["comment"], "改主意了");
  auto second = started(course, t.community);
  ASSERT_EQ(rate(course, second, {{"stars", 5}}).status, 200);  // stars alone
  auto list = ratings(course, newcomer);
  EXPECT_EQ(list["count"], 2);
  EXPECT_DOUBLE_EQ(list["average"].get<double>(), 3.5);
  EXPECT_TRUE(shows(list, "改主意了"));
  EXPECT_EQ(list["comments"].size(), 1u);  // a rating without words is counted, not listed
  EXPECT_EQ(list["may_rate"], false);
  EXPECT_EQ(ratings(course, second)["may_rate"], true);

  // The catalog card carries the average and the count.
  auto found = nlohmann::json::parse(request(port(), "GET", course_url(course), "", newcomer.cookie).body);
  EXPECT_EQ(found["rating"]["count"], 2) << found.dump().substr(0, 300);

  // HTML in a comment is text on the page.
  ASSERT_EQ(rate(course, first, {{"stars", 2}, {"comment", "<script>alert(1)</script>"}}).status, 200);
  auto page = request(port(), "GET", "/courses/" + std::to_string(course), "", newcomer.cookie);
  EXPECT_EQ(page.body.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(page.body.find("3.5 分 · 2 人评价"), std::string::npos);

  // Bad input: a clear refusal, and the rating stays as it was.
  for (const auto& bad : {nlohmann::json{{"stars", 0}}, nlohmann::json{{"stars", 6}}, nlohmann::json{{"stars", "5"}},
                          nlohmann::json{{"comment", "没有星"}}, nlohmann::json{{"stars", 3.5}},
                          nlohmann::json{{"stars", 3}, {"comment", std::string(501, 'x')}},
                          nlohmann::json{{"stars", 3}, {"comment", "bell\x07"}},
                          nlohmann::json{{"stars", 3}, {"comment", "reads \u202E backwards"}},
                          nlohmann::json{{"stars", 3}, {"comment", 42}}}) {
    auto refused = rate(course, first, bad);
    EXPECT_EQ(refused.status, 400) << bad.dump();
    EXPECT_NE(refused.body.find("\"field\""), std::string::npos) << refused.body;
  }
  EXPECT_EQ(request(port(), "PUT", course_url(course) + "/rating", "{not json", json_type + first.with_csrf()).status,
            400);
  list = ratings(course, first);
  EXPECT_EQ(list["mine"]["stars"], 2);
  EXPECT_EQ(list["mine"]["comment"], "<script>alert(1)</script>");
  EXPECT_DOUBLE_EQ(list["average"].get<double>(), 3.5);
  EXPECT_EQ(rate(999999999, first, {{"stars", 3}}).status, 404);

  // The page's form comes back with what was typed and why, when refused.
  auto form = post_form("/courses/" + std::to_string(course) + "/rate",
                        "stars=9&comment=" + lifelong::http::url_encode("我写的话"), first);
  EXPECT_EQ(form.status, 400);
  EXPECT_NE(form.body.find("我写的话"), std::string::npos);
  EXPECT_NE(form.body.find("请选择 1 到 5 颗星"), std::string::npos);
  form = post_form("/courses/" + std::to_string(course) + "/rate",
                   "stars=5&comment=" + lifelong::http::url_encode("好课"), first);
  EXPECT_EQ(form.status, 303);
  EXPECT_EQ(form.header("location"), "/courses/" + std::to_string(course) + "?rated=1#ratings");
}

TEST(Ratings, HeldWordsWaitForAReviewerWhoMayHideACommentWithAReasonAndTheTeacherReplies) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.street, t.community);
  auto other_teacher = sign_up_as("teacher", t.street_b, t.community_b);
  auto reviewer = sign_up_as("reviewer", t.district_a, t.community);
  auto reviewer_b = sign_up_as("reviewer", t.district_b, t.community_b);
  const auto course = published_course(teacher, unique_name("审核评价的课"), "law");
  auto author = started(course, t.community);
  auto reader = sign_up_as("", std::nullopt, t.community);
  const auto id = std::to_string(course), by = std::to_string(author.id);

  // A held word (any case, any spacing): the stars count at once, the words wait.
  ASSERT_EQ(rate(course, author, {{"stars", 1}, {"comment", "快来 spam  link 领奖"}}).status, 200);
  EXPECT_EQ(ratings(course, author)["mine"]["state"], "held");
  EXPECT_FALSE(shows(ratings(course, reader), "快来 spam  link 领奖"));
  EXPECT_EQ(ratings(course, reader)["count"], 1);
  EXPECT_TRUE(shows(ratings(course, reviewer), "快来 spam  link 领奖"));
  EXPECT_FALSE(shows(ratings(course, teacher), "快来 spam  link 领奖"));
  EXPECT_NE(request(port(), "GET", "/courses/" + id, "", author.cookie).body.find("正在等待审核"), std::string::npos);

  // Released by a reviewer of the area; a reviewer elsewhere cannot see or touch it.
  const auto show = course_url(course) + "/ratings/" + by + "/show";
  EXPECT_EQ(request(port(), "POST", show, "{}", json_type + reviewer_b.with_csrf()).status, 404);
  EXPECT_EQ(request(port(), "POST", show, "{}", json_type + reviewer.with_csrf()).status, 200);
  EXPECT_TRUE(shows(ratings(course, reader), "快来 spam  link 领奖"));

  // Hidden with a reason: required, logged, and told to the author; the stars still count.
  const auto hide = course_url(course) + "/ratings/" + by + "/hide";
  EXPECT_EQ(
      request(port(), "POST", hide, nlohmann::json{{"reason", " "}}.dump(), json_type + reviewer.with_csrf()).status,
      400);
  EXPECT_EQ(request(port(), "POST", hide, nlohmann::json{{"reason", std::string(201, 'x')}}.dump(),
                    json_type + reviewer.with_csrf())
                .status,
            400);
  EXPECT_EQ(
      request(port(), "POST", hide, nlohmann::json{{"reason", "广告"}}.dump(), json_type + author.with_csrf()).status,
      404);
  EXPECT_EQ(request(port(), "POST", hide, nlohmann::json{{"reason", "含广告"}}.dump(), json_type + reviewer.with_csrf())
                .status,
            200);
  EXPECT_FALSE(shows(ratings(course, reader), "快来 spam  link 领奖"));
  auto mine = ratings(course, author)["mine"];
  EXPECT_EQ(mine["state"], "hidden");
  EXPECT_EQ(mine["hidden_reason"], "含广告");
  EXPECT_NE(request(port(), "GET", "/courses/" + id, "", author.cookie).body.find("含广告"), std::string::npos);
  EXPECT_EQ(ratings(course, reader)["count"], 1);
  // Neither the teacher nor another reader sees the hidden words or why, on the page either.
  for (const auto* who : {&reader, &teacher}) {
    auto seen = request(port(), "GET", "/courses/" + id, "", who->cookie).body;
    EXPECT_EQ(seen.find("领奖"), std::string::npos);
    EXPECT_EQ(seen.find("含广告"), std::string::npos);
  }
  // Editing is no way round the reviewer: the same words with other stars stay hidden; new
  // words wait, and so do the next ones; clearing the words and posting them again too.
  ASSERT_EQ(rate(course, author, {{"stars", 2}, {"comment", "快来 spam  link 领奖"}}).status, 200);
  EXPECT_EQ(ratings(course, author)["mine"]["state"], "hidden");
  ASSERT_EQ(rate(course, author, {{"stars", 2}, {"comment", "我改了"}}).status, 200);
  EXPECT_EQ(ratings(course, author)["mine"]["state"], "held");
  ASSERT_EQ(rate(course, author, {{"stars", 2}, {"comment", "我又改了"}}).status, 200);
  EXPECT_EQ(ratings(course, author)["mine"]["state"], "held");
  ASSERT_EQ(rate(course, author, {{"stars", 2}, {"comment", ""}}).status, 200);
  ASSERT_EQ(rate(course, author, {{"stars", 2}, {"comment", "快来 spam  link 领奖"}}).status, 200);
  EXPECT_EQ(ratings(course, author)["mine"]["state"], "held");
  EXPECT_FALSE(shows(ratings(course, reader), "快来 spam  link 领奖"));
  auto& db = test_server::get().application->db;
  const auto logged = db.with([&](sql::Connection& c) {
    auto r = lifelong::storage::select(c,
                                       "SELECT GROUP_CONCAT(action ORDER BY id) AS a FROM comment_moderation "
                                       "WHERE course_id = ? AND author_id = ?",
                                       course, author.id);
    return r->next() ? lifelong::storage::text(r, "a") : std::string();
  });
  EXPECT_EQ(logged, "held,shown,hidden,held,held,held");

  // A held word does not get past with an ideographic space, full-width letters or a zero-width space.
  for (const std::string words : {"请加\u3000微信", "ＳＰＡＭ link 在这里", "加\u200b微信"}) {
    auto someone = started(course, t.community);
    ASSERT_EQ(rate(course, someone, {{"stars", 3}, {"comment", words}}).status, 200);
    EXPECT_EQ(ratings(course, someone)["mine"]["state"], "held") << words;
  }
  // Nobody judges their own words: a reviewer who rated the course cannot release them.
  ASSERT_EQ(request(port(), "PUT", course_url(course) + "/enrolment", "", reviewer.with_csrf()).status, 200);
  ASSERT_EQ(rate(course, reviewer, {{"stars", 5}, {"comment", "加微信领课件"}}).status, 200);
  EXPECT_EQ(request(port(), "POST", course_url(course) + "/ratings/" + std::to_string(reviewer.id) + "/show", "{}",
                    json_type + reviewer.with_csrf())
                .status,
            403);
  // The page's forms: hide with a reason, and show again.
  auto plain_words = started(course, t.community);
  ASSERT_EQ(rate(course, plain_words, {{"stars", 2}, {"comment", "声音太小"}}).status, 200);
  const auto plain_path = "/courses/" + id + "/ratings/" + std::to_string(plain_words.id);
  auto form = post_form(plain_path + "/hide", "reason=" + lifelong::http::url_encode("重复"), reviewer);
  EXPECT_EQ(form.status, 303);
  EXPECT_EQ(ratings(course, plain_words)["mine"]["state"], "hidden");
  EXPECT_EQ(post_form(plain_path + "/show", "", reviewer).status, 303);
  EXPECT_EQ(ratings(course, plain_words)["mine"]["state"], "shown");

  // The teacher answers a shown comment; nobody else may.
  auto plain = started(course, t.community);
  ASSERT_EQ(rate(course, plain, {{"stars", 5}, {"comment", "很实用"}}).status, 200);
  const auto reply = course_url(course) + "/ratings/" + std::to_string(plain.id) + "/reply";
  EXPECT_EQ(
      request(port(), "PUT", reply, nlohmann::json{{"text", "谢谢"}}.dump(), json_type + other_teacher.with_csrf())
          .status,
      403);
  EXPECT_EQ(request(port(), "PUT", reply, nlohmann::json{{"text", std::string(501, 'y')}}.dump(),
                    json_type + teacher.with_csrf())
                .status,
            400);
  EXPECT_EQ(
      request(port(), "PUT", reply, nlohmann::json{{"text", "谢谢您的建议"}}.dump(), json_type + teacher.with_csrf())
          .status,
      200);
  EXPECT_NE(request(port(), "GET", "/courses/" + id, "", reader.cookie).body.find("谢谢您的建议"), std::string::npos);
  // Through the page's form too; and a held comment cannot be answered (nor told from none).
  EXPECT_EQ(post_form("/courses/" + id + "/ratings/" + std::to_string(plain.id) + "/reply",
                      "text=" + lifelong::http::url_encode("已改进"), teacher)
                .status,
            303);
  EXPECT_NE(request(port(), "GET", "/courses/" + id, "", reader.cookie).body.find("已改进"), std::string::npos);
  EXPECT_EQ(request(port(), "PUT", course_url(course) + "/ratings/" + by + "/reply",
                    nlohmann::json{{"text", "x"}}.dump(), json_type + teacher.with_csrf())
                .status,
            404);
  // New words of the commenter take the old answer with them.
  ASSERT_EQ(rate(course, plain, {{"stars", 5}, {"comment", "很实用，还想学"}}).status, 200);
  EXPECT_FALSE(ratings(course, reader)["comments"].dump().find("已改进") != std::string::npos);
  EXPECT_EQ(request(port(), "PUT", course_url(course) + "/ratings/999999999/reply",
                    nlohmann::json{{"text", "x"}}.dump(), json_type + teacher.with_csrf())
                .status,
            404);
}

TEST(Ratings, OnePersonWritesAtMostTwentyAnHourAndTheCatalogOrdersByTheAverage) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.street, t.community);
  const auto good = published_course(teacher, unique_name("好评的课"), "law");
  const auto fair = published_course(teacher, unique_name("一般的课"), "law");
  auto person = started(good, t.community);
  ASSERT_EQ(request(port(), "PUT", course_url(fair) + "/enrolment", "", person.with_csrf()).status, 200);
  ASSERT_EQ(rate(good, person, {{"stars", 5}}).status, 200);
  ASSERT_EQ(rate(fair, person, {{"stars", 2}}).status, 200);
  // "Best rated": the better average first (each has one rating, so the prior weighs alike).
  auto position = [&](std::uint64_t id) {
    for (int page = 1; page <= 50; ++page) {
      auto r = nlohmann::json::parse(
          request(port(), "GET", "/api/v1/courses?sort=rated&page=" + std::to_string(page), "", person.cookie).body);
      int i = 0;
      for (const auto& c : r["courses"]) {
        if (c["id"] == id) return page * 1000 + i;
        ++i;
      }
      if (r["courses"].empty()) break;
    }
    return -1;
  };
  EXPECT_LT(position(good), position(fair));
  EXPECT_GT(position(fair), 0);

  // 18 more writes this hour (two were made above): 20 in all, then a pause.
  auto& db = test_server::get().application->db;
  auto run = [&](const std::string& sql) {
    db.with([&](sql::Connection& c) { lifelong::storage::prepare(c, sql.c_str())->execute(); });
  };
  run("INSERT INTO rating_writes (user_id) SELECT " + std::to_string(person.id) + " FROM seq_1_to_18");
  const auto third = published_course(teacher, unique_name("第二十一门"), "law");
  ASSERT_EQ(request(port(), "PUT", course_url(third) + "/enrolment", "", person.with_csrf()).status, 200);
  auto refused = rate(third, person, {{"stars", 4}});
  EXPECT_EQ(refused.status, 429) << refused.body;
  const auto wait = std::stoi(refused.header("retry-after"));
  EXPECT_GT(wait, 3000);  // the oldest write leaves the hour in just under an hour
  EXPECT_LE(wait, 3600);
  EXPECT_EQ(rate(good, person, {{"stars", 4}}).status, 429);  // rewriting one counts too
  EXPECT_EQ(rate(good, person, {{"stars", 5}}).status, 200);  // the same again writes nothing
  // Writes older than the hour leave room.
  run("UPDATE rating_writes SET at = NOW() - INTERVAL 2 HOUR WHERE user_id = " + std::to_string(person.id));
  EXPECT_EQ(rate(third, person, {{"stars", 4}}).status, 200);
}
