#include <gtest/gtest.h>

#include "common/migrations.hpp"
#include "common/tokens.hpp"
#include "common/transcode_job.hpp"
#include "handlers/models.hpp"
#include "handlers/pages.hpp"
#include "http/reply.hpp"
#include "http/return_path.hpp"
#include "services/media_service.hpp"
#include "services/user_service.hpp"

using namespace lifelong;

TEST(Sql, SplitsStatementsAndSkipsComments) {
  auto parts = split_sql("-- a comment\nCREATE TABLE a (x INT);\n\nINSERT INTO a VALUES (1),\n (2);\n");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_NE(parts[1].find("(2)"), std::string::npos);
  EXPECT_EQ(parts[0].find(';'), std::string::npos);
}

TEST(Sql, RowChangesAreToldFromSchemaChanges) {
  EXPECT_TRUE(is_row_change("UPDATE lessons SET x = 1"));
  EXPECT_TRUE(is_row_change("\n  insert INTO a VALUES (1)"));
  EXPECT_TRUE(is_row_change("DELETE FROM a"));
  EXPECT_FALSE(is_row_change("ALTER TABLE a ADD COLUMN b INT"));
  EXPECT_FALSE(is_row_change("CREATE TABLE updates (x INT)"));
  EXPECT_FALSE(is_row_change("UPDATER"));
  EXPECT_FALSE(is_row_change(""));
}

TEST(MediaPaths, OnlyPlainRelativePaths) {
  using services::safe_relative_path;
  EXPECT_TRUE(safe_relative_path("master.m3u8"));
  EXPECT_TRUE(safe_relative_path("r0/seg_00001.m4s"));
  for (const char* bad :
       {"", "../secret", "r0/../../x", "/etc/passwd", ".hidden", "r0//x", "r0/", "a\\b", "a b", "r0/.tmp"})
    EXPECT_FALSE(safe_relative_path(bad)) << bad;
}

TEST(Jobs, RoundTripAndRejectGarbage) {
  transcode_job job{5, 2, "/var/media/incoming/5-v2.src", 1};
  auto parsed = parse_job(to_json(job));
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->lesson_id, 5u);
  EXPECT_EQ(parsed->media_version, 2u);
  EXPECT_EQ(parsed->source_path, job.source_path);
  EXPECT_FALSE(parse_job("not json"));
  EXPECT_FALSE(parse_job("{\"lesson_id\":-1,\"source\":\"x\"}"));
  EXPECT_FALSE(parse_job("[1,2]"));
}

TEST(Accounts, NameAndPasswordRules) {
  EXPECT_TRUE(services::valid_username("li.ayi_1960"));
  EXPECT_TRUE(services::valid_username("13800138000"));
  EXPECT_FALSE(services::valid_username("ab"));
  EXPECT_FALSE(services::valid_username("李阿姨"));
  EXPECT_FALSE(services::valid_username("a b c"));
  EXPECT_FALSE(services::valid_password("short"));
  EXPECT_TRUE(services::valid_password("八个汉字的密码啊"));
  EXPECT_TRUE(services::valid_display_name("李阿姨"));
  EXPECT_FALSE(services::valid_display_name("   "));
  EXPECT_FALSE(services::valid_display_name(std::string(51 * 3, 'x')));
}

TEST(Passwords, HashVerifiesOnlyTheSamePassword) {
  init_crypto();
  auto h = hash_password("correct horse");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(h, "correct horse"));
  EXPECT_FALSE(verify_password(h, "correct hors"));
  EXPECT_FALSE(verify_password("garbage", "x"));
  EXPECT_NE(random_token(), random_token());
  EXPECT_EQ(random_token().size(), 43u);
}

TEST(Pages, NextTargetsStayOnThisSite) {
  EXPECT_EQ(http::local_return_path("/lessons/1"), "/lessons/1");
  EXPECT_EQ(http::local_return_path("//evil.example"), "/");
  EXPECT_EQ(http::local_return_path("https://evil.example"), "/");
  EXPECT_EQ(http::local_return_path("/\\evil"), "/");
  EXPECT_EQ(http::local_return_path(""), "/");
}

TEST(Pages, ReturnPathsThatBrowsersReadAsAnotherSiteOrThatSplitHeadersGoHome) {
  for (const std::string& bad :
       std::vector<std::string>{"/\t/evil.example", "/%09/evil.example", "/\r\nSet-Cookie: ll_sid=x", "/\n", "/ok\x7f",
                                "/\\/evil.example", "\\\\evil.example", "//evil.example", "/ok\\..", "evil.example",
                                "javascript:alert(1)", std::string("/a\0b", 4), "/" + std::string(2000, 'a')}) {
    const auto expected = bad == "/%09/evil.example" ? bad : "/";  // encoded: a path on this site, harmless
    EXPECT_EQ(http::local_return_path(bad), expected) << bad;
  }
  EXPECT_EQ(http::local_return_path("/"), "/");
  EXPECT_EQ(http::local_return_path("/courses/3?tab=lessons#top"), "/courses/3?tab=lessons#top");
  EXPECT_EQ(http::local_return_path("/?q=防诈"), "/?q=防诈");
}

TEST(Reply, AHeaderWithALineBreakOrNulIsNeverWritten) {
  for (const std::string& value :
       std::vector<std::string>{"/\r\nSet-Cookie: a=b", "x\ny", std::string("a\0b", 3), "a\r"}) {
    auto rep = http::redirect(value);
    rep.header("Set-Cookie", "ok=1");
    EXPECT_TRUE(http::refuse_split_headers(rep));
    EXPECT_EQ(rep.status, 500);
    for (const auto& [name, v] : rep.headers) EXPECT_NE(name, "Location");
    for (const auto& [name, v] : rep.headers) EXPECT_NE(name, "Set-Cookie");
  }
  auto fine = http::redirect("/courses/1");
  EXPECT_FALSE(http::refuse_split_headers(fine));
  EXPECT_EQ(fine.status, 303);
}
