// Secrets in paths never reach the request log; CSV cells never run as formulas.
#include <gtest/gtest.h>

#include "http/log_redaction.hpp"
#include "view/csv_field.hpp"

using namespace lifelong;

TEST(LogRedaction, CardSecretsAndUploadTokensAreReplaced) {
  EXPECT_EQ(http::loggable_path("/card/Zk3p9QaLmN"), "/card/[redacted]");
  EXPECT_EQ(http::loggable_path("/card/Zk3p9QaLmN/print"), "/card/[redacted]/print");
  EXPECT_EQ(http::loggable_path("/api/v1/uploads/abcDEF123"), "/api/v1/uploads/[redacted]");
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
