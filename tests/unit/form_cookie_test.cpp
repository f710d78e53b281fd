#include <gtest/gtest.h>

#include "http/client_address.hpp"
#include "http/cookies.hpp"
#include "http/form.hpp"

using namespace lifelong::http;

TEST(Form, DecodesPercentEscapesAndPlus) {
  auto p = parse_urlencoded("title=%E8%80%81%E5%B9%B4%E5%A4%A7%E5%AD%A6&x=a+b&empty=");
  EXPECT_EQ(p["title"], "老年大学");
  EXPECT_EQ(p["x"], "a b");
  EXPECT_EQ(p["empty"], "");
}

TEST(Form, BrokenEscapesAndNulBytesAreDropped) {
  auto p = parse_urlencoded("a=%zz&b=%4&c=%00&d=ok&&=novalue");
  EXPECT_EQ(p.count("a"), 0u);
  EXPECT_EQ(p.count("b"), 0u);
  EXPECT_EQ(p.count("c"), 0u);
  EXPECT_EQ(p["d"], "ok");
  EXPECT_EQ(p.size(), 1u);
}

TEST(Form, PathDecodingKeepsPlus) {
  EXPECT_EQ(url_decode("/a+b%20c", false), "/a+b c");
  EXPECT_FALSE(url_decode("%", false));
}

TEST(Form, EncodeRoundTrips) {
  const std::string s = "/lessons/1?x=老年 & y";
  EXPECT_EQ(url_decode(url_encode(s)), s);
}

TEST(Form, SplitTarget) {
  auto [path, query] = split_target("/a/b?page=2");
  EXPECT_EQ(path, "/a/b");
  EXPECT_EQ(query, "page=2");
  EXPECT_EQ(split_target("/x").second, "");
}

TEST(Cookies, FindsOneAmongMany) {
  EXPECT_EQ(cookie_value("a=1; ll_sid=abc; lang=en", "ll_sid"), "abc");
  EXPECT_EQ(cookie_value("lang=\"en\"", "lang"), "en");
  EXPECT_FALSE(cookie_value("ll_sidx=1; xll_sid=2", "ll_sid"));
  EXPECT_FALSE(cookie_value("", "ll_sid"));
  EXPECT_FALSE(cookie_value("garbage;;;", "ll_sid"));
}

TEST(Cookies, SetCookieCarriesTheSafetyAttributes) {
  auto c = set_cookie("ll_sid", "v", {true, true, -1});
  EXPECT_NE(c.find("HttpOnly"), std::string::npos);
  EXPECT_NE(c.find("Secure"), std::string::npos);
  EXPECT_NE(c.find("SameSite=Lax"), std::string::npos);
  EXPECT_EQ(c.find("Max-Age"), std::string::npos);
  EXPECT_NE(set_cookie("x", "", {true, false, 0}).find("Max-Age=0"), std::string::npos);
}

TEST(ClientAddress, TheProxysOwnEntryCountsNotTheClientsClaims) {
  using lifelong::http::client_address;
  EXPECT_EQ(client_address("203.0.113.9", "127.0.0.1"), "203.0.113.9");
  // The client wrote the first entry; the proxy appended the real address last.
  EXPECT_EQ(client_address("1.2.3.4, 198.51.100.7", "127.0.0.1"), "198.51.100.7");
  EXPECT_EQ(client_address("1.2.3.4,2001:db8::1 ", "127.0.0.1"), "2001:db8::1");
  EXPECT_EQ(client_address("", "127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(client_address("unknown", "127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(client_address("1.2.3.4, ", "127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(client_address("999.1.1.1", "::1"), "::1");
}
