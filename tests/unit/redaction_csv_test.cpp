// Secrets in paths never reach the request log; CSV cells never run as formulas.
#include <gtest/gtest.h>

#include "http/log_redaction.hpp"
#include "view/csv_field.hpp"

using namespace lifelong;

TEST(LogRedaction, CardSecretsAndUploadTokensAreReplaced) {
  EXPECT_EQ(http::loggable_path("/card/Zk3p9QaLmN"), "/card/[redacted]");
  EXPECT_EQ(http::loggable_path("/card/Zk3p9QaLmN/print"), "/card/[redacted]/print");
  EXPECT_EQ(http::loggable_path("/password/reset/Zk3p9QaLmNxYz"), "/password/reset/[redacted]");  // a reset link
  EXPECT_EQ(http::loggable_path("/account/email/confirm/Zk3p9QaLmNxYz"), "/account/email/confirm/[redacted]");
  EXPECT_EQ(http::loggable_path("/api/v1/uploads/abcDEF123"), "/api/v1/uploads/[redacted]");
  // A media link's token (after its expiry) opens a lesson's video for minutes.
  EXPECT_EQ(http::loggable_path("/media/t/1700000100/J7rYNMkMOu-hH8x1mnKIkg/lessons/5/v2/r0/seg_00001.m4s"),
            "/media/t/1700000100/[redacted]/lessons/5/v2/r0/seg_00001.m4s");
  EXPECT_EQ(http::loggable_path("/media/t/1700000100/J7rYNMkMOu-hH8x1mnKIkg"), "/media/t/1700000100/[redacted]");
  EXPECT_EQ(http::loggable_path("/media/t/1700000100"), "/media/t/[redacted]");
  EXPECT_EQ(http::loggable_path("/api/v1/uploads/abcDEF123?x=1"), "/api/v1/uploads/[redacted]");
  EXPECT_EQ(http::loggable_path("/courses/12?token=x"), "/courses/12");  // no query strings at all
  EXPECT_EQ(http::loggable_path("/api/v1/uploads"), "/api/v1/uploads");  // creating one: nothing secret
  EXPECT_EQ(http::loggable_path("/staff/cards"), "/staff/cards");
  // Written as the router still reads it: extra slashes, an absolute-form target.
  EXPECT_EQ(http::loggable_path("//card//Zk3p9QaLmN"), "/card/[redacted]");
  EXPECT_EQ(http::loggable_path("/api//v1/uploads///abcDEF123/x"), "/api/v1/uploads/[redacted]/x");
  EXPECT_EQ(http::loggable_path("http://evil.example/card/Zk3p9QaLmN"), "/card/[redacted]");
}

TEST(CsvField, FormulasStayTextAndSpecialCharactersAreQuoted) {
  EXPECT_EQ(view::csv_field("=HYPERLINK(\"http://evil.example\",\"x\")"),
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
  EXPECT_EQ(view::csv_field("+1"), "'+1");
  EXPECT_EQ(view::csv_field("-2+3"), "'-2+3");
  EXPECT_EQ(view::csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(view::csv_field("\t=1"), "'\t=1");
  EXPECT_EQ(view::csv_field("甲区, 某街道"), "\"甲区, 某街道\"");
  EXPECT_EQ(view::csv_field("防诈骗 1+1"), "防诈骗 1+1");
  EXPECT_EQ(view::csv_field(""), "");
}
