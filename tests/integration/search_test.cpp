// Catalog search over a small corpus of Chinese titles: expected hits in expected order,
// through the HTTP API and the catalog page, on the real database.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/form.hpp"
#include "org_fixture.hpp"
#include "storage/sql.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}

std::uint64_t published(const signed_in& teacher, const std::string& title, const std::string& summary) {
  auto r = request(port(), "POST", "/api/v1/courses",
                   nlohmann::json{{"title", title}, {"summary", summary}, {"category", "digital"}}.dump(),
                   json_type + teacher.with_csrf());
  EXPECT_EQ(r.status, 201) << r.body;
  const auto id = nlohmann::json::parse(r.body)["id"].get<std::uint64_t>();
  publish_directly(id);
  return id;
}
}  // namespace

TEST(Search, ACorpusOfChineseTitlesGivesTheExpectedHitsInOrder) {
  auto teacher = sign_up(true);
  std::vector<std::uint64_t> c{
      published(teacher, "老年人防范电信诈骗", "识别冒充公检法的骗局"),  // 0
      published(teacher, "防诈骗知识十讲", "十个真实案例"),              // 1
      published(teacher, "Excel 入门：表格基础", "从零学习电子表格"),    // 2
      published(teacher, "Excel 进阶：数据透视表", "适合有基础的学员"),  // 3
      published(teacher, "智能手机入门", "微信视频通话与防诈提醒"),      // 4
      published(teacher, "家庭急救常识", "烫伤和跌倒的处理"),            // 5
      published(teacher, "书法入门", "楷书基础"),                        // 6
  };
  // Hits among the corpus, in the order the API gives them, over every page (other
  // tests' courses may match too, and rank above; they are left out of the comparison).
  auto hits = [&](const std::string& query) {
    std::vector<int> out;
    for (int page = 1; page <= 50; ++page) {  // bounded
      auto r = request(port(), "GET",
                       "/api/v1/courses?q=" + lifelong::http::url_encode(query) + "&page=" + std::to_string(page));
      EXPECT_EQ(r.status, 200) << r.body;
      const auto j = nlohmann::json::parse(r.body);
      for (const auto& course : j["courses"])
        for (std::size_t i = 0; i < c.size(); ++i)
          if (course["id"] == c[i]) out.push_back(static_cast<int>(i));
      if (page * j["per_page"].get<int>() >= j["total"].get<int>()) break;
    }
    return out;
  };
  // The title before the summary; then, by its characters, a title that abbreviates to it.
  EXPECT_EQ(hits("防诈"), (std::vector<int>{1, 4, 0}));
  EXPECT_EQ(hits("防骗"), (std::vector<int>{1, 0}));  // no pair matches: the characters do, in titles
  // A category's name finds its courses, below those its words find in another category;
  // a draft of the category is never found.
  auto in_law = request(port(), "POST", "/api/v1/courses",
                        nlohmann::json{{"title", "老年人的数字技能与权益"}, {"category", "law"}}.dump(),
                        json_type + teacher.with_csrf());
  ASSERT_EQ(in_law.status, 201) << in_law.body;
  c.push_back(nlohmann::json::parse(in_law.body)["id"].get<std::uint64_t>());  // 7
  publish_directly(c[7]);
  auto digital_draft = request(port(), "POST", "/api/v1/courses",
                               nlohmann::json{{"title", "数字技能草稿"}, {"category", "digital"}}.dump(),
                               json_type + teacher.with_csrf());
  c.push_back(nlohmann::json::parse(digital_draft.body)["id"].get<std::uint64_t>());  // 8, never published
  EXPECT_EQ(hits("数字技能"), (std::vector<int>{7, 6, 5, 4, 3, 2, 1, 0}));
  EXPECT_EQ(hits("Excel 入门"), (std::vector<int>{2}));  // every term must match
  EXPECT_EQ(hits("excel"), (std::vector<int>{3, 2}));    // equal titles: newest first
  EXPECT_EQ(hits("EXCEL"), (std::vector<int>{3, 2}));
  EXPECT_EQ(hits("入门"), (std::vector<int>{6, 4, 2}));
  EXPECT_EQ(hits("诈"), (std::vector<int>{1, 0}));  // one character: titles
  EXPECT_EQ(hits("数据透视"), (std::vector<int>{3}));
  EXPECT_EQ(hits("骗局"), (std::vector<int>{0}));  // summaries are searched
  EXPECT_EQ(hits("电信诈骗"), (std::vector<int>{0}));
  EXPECT_EQ(hits("跑步"), (std::vector<int>{}));
  EXPECT_EQ(hits("%' OR 1=1 --"), (std::vector<int>{}));         // just words, never SQL
  EXPECT_EQ(hits(std::string(300, 'x')), (std::vector<int>{}));  // cut to 100 characters

  // A lesson's title finds its course.
  auto lesson = request(port(), "POST", "/api/v1/courses/" + std::to_string(c[5]) + "/lessons",
                        nlohmann::json{{"title", "心肺复苏怎么做"}}.dump(), json_type + teacher.with_csrf());
  ASSERT_EQ(lesson.status, 201);
  EXPECT_EQ(hits("心肺复苏"), (std::vector<int>{}));  // a lesson added to a published course waits for review
  const auto lesson_id = nlohmann::json::parse(lesson.body)["id"].get<std::uint64_t>();
  test_server::get().application->db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(db, "UPDATE lessons SET status = 'ready', media_version = 1 WHERE id = ?");
    st->setUInt64(1, lesson_id);
    st->execute();
  });
  approve_changes_directly(c[5]);
  EXPECT_EQ(hits("心肺复苏"), (std::vector<int>{5}));

  // The catalog page: the summary, the results and an empty result that says so.
  auto page = request(port(), "GET", "/?q=" + lifelong::http::url_encode("防诈"));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("防诈骗知识十讲"), std::string::npos);
  EXPECT_NE(page.body.find("value=\"防诈\""), std::string::npos);
  auto none = request(port(), "GET", "/?q=" + lifelong::http::url_encode("跑步机维修"));
  EXPECT_NE(none.body.find("没有找到相关课程"), std::string::npos);
  EXPECT_NE(none.body.find("id=\"popular-courses\""), std::string::npos) << "no way on from an empty search";

  // Suggestions while typing: titles, then the categories the words name.
  auto suggested = [&](const std::string& q) {
    auto s = request(port(), "GET", "/api/v1/search/suggestions?q=" + lifelong::http::url_encode(q));
    EXPECT_EQ(s.status, 200) << s.body;
    return nlohmann::json::parse(s.body)["suggestions"];
  };
  const auto for_fraud = suggested("防诈");
  EXPECT_NE(for_fraud.dump().find("防诈骗知识十讲"), std::string::npos) << for_fraud.dump();
  EXPECT_LE(for_fraud.size(), 8u);
  bool category_named = false;
  for (const auto& s : suggested("数字"))
    category_named = category_named || (s["kind"] == "category" && s["text"] == "数字技能");
  EXPECT_TRUE(category_named);
  EXPECT_TRUE(suggested("").empty());
  // Drafts are never found.
  auto draft =
      request(port(), "POST", "/api/v1/courses",
              nlohmann::json{{"title", "草稿：防诈"}, {"category", "digital"}}.dump(), json_type + teacher.with_csrf());
  const auto draft_id = nlohmann::json::parse(draft.body)["id"].get<std::uint64_t>();
  auto r = request(port(), "GET", "/api/v1/courses?q=" + lifelong::http::url_encode("防诈"));
  EXPECT_EQ(r.body.find("\"id\":" + std::to_string(draft_id) + ","), std::string::npos);
}
