// The metrics' text, who may read them, and the transcoders' word about themselves.
#include <gtest/gtest.h>
#include <sodium.h>

#include "common/metrics.hpp"
#include "common/tokens.hpp"
#include "common/transcoder_status.hpp"
#include "handlers/routes.hpp"
#include "observe/server_metrics.hpp"

using namespace lifelong;

namespace {
std::string basic(const std::string& user_and_password) {
  return "Basic " + base64_encode(user_and_password);
}
}  // namespace

TEST(Metrics, RequestsAreCountedByRoutePatternMethodAndStatus) {
  observe::server_metrics m;
  m.request_done("/courses/{id}", "GET", 200, std::chrono::milliseconds(3));
  m.request_done("/courses/{id}", "GET", 200, std::chrono::milliseconds(30));
  m.request_done("/courses/{id}", "GET", 404, std::chrono::milliseconds(1));
  m.upload_received(1000);
  m.upload_received(24);
  const auto text = m.registry().text();
  EXPECT_NE(text.find(R"(lifelong_http_requests_total{method="GET",route="/courses/{id}",status="200"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(lifelong_http_requests_total{method="GET",route="/courses/{id}",status="404"} 1)"),
            std::string::npos);
  EXPECT_NE(text.find(R"(lifelong_http_request_duration_seconds_count{route="/courses/{id}"} 3)"), std::string::npos);
  EXPECT_NE(text.find(R"(lifelong_http_request_duration_seconds_bucket{route="/courses/{id}",le="0.005"} 2)"),
            std::string::npos);
  EXPECT_NE(text.find("lifelong_upload_bytes_received_total 1024"), std::string::npos);
  EXPECT_NE(text.find("# TYPE lifelong_http_requests_total counter"), std::string::npos);
}

TEST(Metrics, ReadingsOfOneNameAreOneFamilyAndAFailedReadingIsLeftOut) {
  metrics_registry m;
  m.add_reading({"lifelong_cache_lookups_total",
                 "help",
                 metric_reading::kind::counter,
                 [] { return 7.0; },
                 {{"cache", "pages"}, {"result", "hit"}}});
  m.add_reading({"lifelong_cache_lookups_total",
                 "help",
                 metric_reading::kind::counter,
                 [] { return 2.0; },
                 {{"cache", "pages"}, {"result", "miss"}}});
  m.add_reading({"lifelong_transcode_queue_length", "help", metric_reading::kind::gauge,
                 []() -> double { throw std::runtime_error("redis away"); }});
  const auto text = m.text();
  EXPECT_NE(text.find(R"(lifelong_cache_lookups_total{cache="pages",result="hit"} 7)"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(lifelong_cache_lookups_total{cache="pages",result="miss"} 2)"), std::string::npos);
  std::size_t types = 0;
  for (auto at = text.find("# TYPE lifelong_cache_lookups_total"); at != std::string::npos;
       at = text.find("# TYPE lifelong_cache_lookups_total", at + 1))
    ++types;
  EXPECT_EQ(types, 1u);
  EXPECT_EQ(text.find("lifelong_transcode_queue_length"), std::string::npos);  // absent, not a made-up 0
}

TEST(Metrics, TheTokenIsBasicAuthsPassword) {
  ASSERT_GE(sodium_init(), 0);
  const std::string token = "a-long-metrics-token-1234";
  EXPECT_TRUE(metrics_token_matches(basic("prometheus:" + token), token));
  EXPECT_TRUE(metrics_token_matches(basic("anyone:" + token), token));
  EXPECT_FALSE(metrics_token_matches(basic("prometheus:" + token + "x"), token));
  EXPECT_FALSE(metrics_token_matches(basic(token), token));  // no user:password pair
  EXPECT_FALSE(metrics_token_matches("Bearer " + token, token));
  EXPECT_FALSE(metrics_token_matches("Basic !!!", token));
  EXPECT_FALSE(metrics_token_matches(basic("prometheus:"), ""));  // no token set: never by token
}

TEST(Metrics, LoopbackReadsOnlyWhenNotForwardedByAProxy) {
  ASSERT_GE(sodium_init(), 0);
  http::request req;
  req.peer = "127.0.0.1";
  EXPECT_TRUE(handlers::may_read_metrics(req, "", false));
  req.peer = "::1";
  EXPECT_TRUE(handlers::may_read_metrics(req, "", false));
  req.headers["x-forwarded-for"] = "203.0.113.5";  // the edge on this host, passing someone on
  EXPECT_FALSE(handlers::may_read_metrics(req, "", false));
  req.headers["authorization"] = basic("p:a-long-metrics-token-1234");
  EXPECT_TRUE(handlers::may_read_metrics(req, "a-long-metrics-token-1234", false));
  http::request outside;
  outside.peer = "192.0.2.7";
  EXPECT_FALSE(handlers::may_read_metrics(outside, "a-long-metrics-token-1234", false));
  http::request standard_proxy;  // RFC 7239's header counts as forwarding too
  standard_proxy.peer = "127.0.0.1";
  standard_proxy.headers["forwarded"] = "for=192.0.2.7";
  EXPECT_FALSE(handlers::may_read_metrics(standard_proxy, "", false));
}

// Behind an edge every request comes from a loopback or private peer, and one the edge
// forgot to mark would pass as the operator's own: there only the token opens it.
TEST(Metrics, BehindAProxyOnlyTheTokenReads) {
  ASSERT_GE(sodium_init(), 0);
  http::request plain;
  plain.peer = "127.0.0.1";
  EXPECT_FALSE(handlers::may_read_metrics(plain, "", true));
  EXPECT_FALSE(handlers::may_read_metrics(plain, "a-long-metrics-token-1234", true));
  plain.headers["authorization"] = basic("p:a-long-metrics-token-1234");
  EXPECT_TRUE(handlers::may_read_metrics(plain, "a-long-metrics-token-1234", true));
}

TEST(TranscoderStatus, RoundTripsAndRefusesWhatIsNotOne) {
  transcoder_status s{"host-2", "working", 17, 3, 55, 1764000000};
  auto back = parse_transcoder_status(to_json(s));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->worker, "host-2");
  EXPECT_EQ(back->state, "working");
  EXPECT_EQ(back->lesson_id, 17u);
  EXPECT_EQ(back->percent, 55);
  EXPECT_FALSE(parse_transcoder_status("[1,2]"));
  EXPECT_FALSE(parse_transcoder_status(R"({"worker": 5, "state": "idle"})"));
  EXPECT_FALSE(parse_transcoder_status("not json"));
}
