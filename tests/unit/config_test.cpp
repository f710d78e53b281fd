#include <gtest/gtest.h>

#include <map>

#include "config.hpp"

using namespace lifelong;

namespace {
env_lookup fake_env(std::map<std::string, std::string> values) {
  return [values](const std::string& name) -> std::optional<std::string> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}
}  // namespace

TEST(Config, DefaultsWhenEmpty) {
  auto c = parse_config("", fake_env({}));
  EXPECT_EQ(c.server.port, 8080);
  EXPECT_EQ(c.mysql.database, "lifelong");
}

TEST(Config, FileThenEnvironment) {
  auto c = parse_config("[server]\nport = 9000\n[mysql]\nuser = \"u\"\n",
                        fake_env({{"LIFELONG_SERVER_PORT", "9100"}, {"LIFELONG_MYSQL_PASSWORD", "s3cret"}}));
  EXPECT_EQ(c.server.port, 9100);
  EXPECT_EQ(c.mysql.user, "u");
  EXPECT_EQ(c.mysql.password, "s3cret");
}

TEST(Config, TheShippedFileParses) {
  auto c = load_config(LIFELONG_SOURCE_DIR "/config/lifelong.toml", fake_env({}));
  EXPECT_EQ(c.server.max_upload_mb, 2048u);
  EXPECT_EQ(c.transcoder.niceness, 10);
}

TEST(Config, BadValuesAreNamed) {
  try {
    parse_config("[server]\nport = \"eighty\"\n", fake_env({}));
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("[server] port"), std::string::npos);
  }
  EXPECT_THROW(parse_config("[server]\nport = 70000\n", fake_env({})), std::runtime_error);
  EXPECT_THROW(parse_config("[server\n", fake_env({})), std::runtime_error);
  EXPECT_THROW(parse_config("", fake_env({{"LIFELONG_SERVER_PORT", "80x"}})), std::runtime_error);
  EXPECT_THROW(parse_config("", fake_env({{"LIFELONG_SERVER_IO_THREADS", "0"}})), std::runtime_error);
}

TEST(Config, XapiExportIsOffUnlessAnEndpointIsSetAndThenNeedsAnAbsoluteBase) {
  EXPECT_FALSE(parse_config("", fake_env({})).xapi.enabled());
  auto on = parse_config(
      "[server]\npublic_url = \"https://xuexi.example.cn\"\n[xapi]\nendpoint = \"https://lrs.example.cn/xapi\"\n",
      fake_env({{"LIFELONG_XAPI_PASSWORD", "secret"}}));
  EXPECT_TRUE(on.xapi.enabled());
  EXPECT_EQ(on.xapi.activity_base, "https://xuexi.example.cn");  // from public_url
  EXPECT_EQ(on.xapi.password, "secret");
  // No base for activity ids, a scheme that is not HTTP, a zero retry pause.
  EXPECT_THROW(parse_config("[xapi]\nendpoint = \"https://lrs.example.cn/xapi\"\n", fake_env({})), std::runtime_error);
  EXPECT_THROW(parse_config("[xapi]\nendpoint = \"ftp://lrs\"\nactivity_base = \"https://a\"\n", fake_env({})),
               std::runtime_error);
  EXPECT_THROW(parse_config("[xapi]\nendpoint = \"http://lrs\"\nactivity_base = \"https://a\"\nretry_max_seconds = 0\n",
                            fake_env({})),
               std::runtime_error);
}

TEST(Config, PrintedLinksUseTheConfiguredAddressAndHttpsMakesCookiesSecure) {
  auto plain = parse_config("[server]\nlisten = \"0.0.0.0\"\nport = 9000\n", fake_env({}));
  EXPECT_EQ(plain.server.public_url, "http://127.0.0.1:9000");  // never the request's Host header
  EXPECT_FALSE(plain.server.secure_cookies);
  auto tls = parse_config("[server]\npublic_url = \"https://xuexi.example.cn/\"\n", fake_env({}));
  EXPECT_EQ(tls.server.public_url, "https://xuexi.example.cn");
  EXPECT_TRUE(tls.server.secure_cookies);
  for (const char* bad : {"xuexi.example.cn", "javascript:alert(1)", "https://a b", "https://a\\\"b"})
    EXPECT_THROW(parse_config(std::string("[server]\npublic_url = \"") + bad + "\"\n", fake_env({})),
                 std::runtime_error)
        << bad;
}

// The link secret is also written into nginx's configuration, inside a string.
TEST(Config, AMediaLinkSecretIsLongAndOfSafeCharacters) {
  EXPECT_EQ(parse_config("", fake_env({{"LIFELONG_MEDIA_LINK_SECRET", "abcDEF0123456789_-"}})).media.link_secret,
            "abcDEF0123456789_-");
  EXPECT_THROW(parse_config("", fake_env({{"LIFELONG_MEDIA_LINK_SECRET", "short"}})), std::runtime_error);
  for (const char* bad : {"abcdefghijklmnop$x", "abcdefghijklmnop\"x", "abcdefghijklmnop\\x", "abcdefghijklmnop x"})
    EXPECT_THROW(parse_config("", fake_env({{"LIFELONG_MEDIA_LINK_SECRET", bad}})), std::runtime_error) << bad;
  EXPECT_THROW(parse_config("", fake_env({{"LIFELONG_MEDIA_LINK_MINUTES", "0"}})), std::runtime_error);
}

// A transcoder's XREADGROUP waits block_ms for a job: a Redis timeout shorter than that
// would break every wait for work.
TEST(Config, TheRedisTimeoutOutlastsTheTranscodersWaitForWork) {
  EXPECT_EQ(parse_config("", fake_env({})).redis.command_timeout_seconds, 10);
  EXPECT_THROW(parse_config("[redis]\ncommand_timeout_seconds = 2\n[transcoder]\nblock_ms = 2000\n", fake_env({})),
               std::runtime_error);
  EXPECT_NO_THROW(parse_config("[redis]\ncommand_timeout_seconds = 3\n[transcoder]\nblock_ms = 2000\n", fake_env({})));
}

// Sentinels from the file or the environment; an address that is not host:port is refused.
TEST(Config, RedisSentinelsAreHostAndPortEach) {
  const auto from_env = parse_config("", fake_env({{"LIFELONG_REDIS_SENTINELS", "10.0.0.1:26379, [::1]:26380"}}));
  EXPECT_EQ(from_env.redis.sentinels, (std::vector<std::string>{"10.0.0.1:26379", "[::1]:26380"}));
  EXPECT_EQ(from_env.redis.master_name, "lifelong");
  EXPECT_EQ(parse_host_port("[::1]:26380")->host, "::1");
  EXPECT_EQ(parse_host_port("10.0.0.1:26379")->port, 26379);
  for (const auto* bad :
       {"10.0.0.1", "10.0.0.1:", ":26379", "h:0", "h:65536", "h:26379x", "[::1:26379", "fe80::1", "a b:1"}) {
    EXPECT_FALSE(parse_host_port(bad)) << bad;
    EXPECT_THROW(parse_config(std::string("[redis]\nsentinels = [\"") + bad + "\"]\n", fake_env({})),
                 std::runtime_error)
        << bad;
  }
  EXPECT_THROW(parse_config("[redis]\nmaster_name = \"a b\"\n", fake_env({})), std::runtime_error);
}

// The transcoder's metrics listener on an address other hosts reach needs the token.
TEST(Config, AMetricsListenerOthersCanReachNeedsTheToken) {
  EXPECT_NO_THROW(parse_config("[metrics]\ntranscoder_listen = \"127.0.0.1:9465\"\n", fake_env({})));
  EXPECT_NO_THROW(parse_config("[metrics]\ntranscoder_listen = \"[::1]:9465\"\n", fake_env({})));
  EXPECT_THROW(parse_config("[metrics]\ntranscoder_listen = \"0.0.0.0:9465\"\n", fake_env({})), std::runtime_error);
  EXPECT_THROW(parse_config("[metrics]\ntranscoder_listen = \"10.0.0.5:9465\"\n", fake_env({})), std::runtime_error);
  EXPECT_NO_THROW(parse_config("[metrics]\ntranscoder_listen = \"10.0.0.5:9465\"\ntoken = \"a-long-metrics-token-1\"\n",
                               fake_env({})));
}

// A replica from the file or the environment; its bound and port are checked.
TEST(Config, AReplicaIsNamedWithItsLagBound) {
  const auto none = parse_config("", fake_env({}));
  EXPECT_TRUE(none.mysql.replica_host.empty());
  const auto from_env = parse_config("", fake_env({{"LIFELONG_MYSQL_REPLICA_HOST", "10.0.0.12"},
                                                   {"LIFELONG_MYSQL_REPLICA_PORT", "3307"},
                                                   {"LIFELONG_MYSQL_REPLICA_MAX_LAG_SECONDS", "2"}}));
  EXPECT_EQ(from_env.mysql.replica_host, "10.0.0.12");
  EXPECT_EQ(from_env.mysql.replica_port, 3307);
  EXPECT_EQ(from_env.mysql.replica_max_lag_seconds, 2);
  EXPECT_THROW(parse_config("[mysql]\nreplica_port = 70000\n", fake_env({})), std::runtime_error);
  EXPECT_THROW(parse_config("[mysql]\nreplica_max_lag_seconds = -1\n", fake_env({})), std::runtime_error);
}

TEST(Config, TheSiteIdentityIsOneLineOfTextAndALogoOfItsOwn) {
  auto c = parse_config("[site]\nissuer = \"示范市社区教育指导中心\"\n",
                        fake_env({{"LIFELONG_SITE_ICP", "示ICP备00000000号"}}));
  EXPECT_EQ(c.site.issuer, "示范市社区教育指导中心");
  EXPECT_EQ(c.site.icp, "示ICP备00000000号");
  EXPECT_EQ(c.site.logo, "/static/img/logo.svg");
  for (const char* bad :
       {"[site]\nlogo = \"https://elsewhere.example/logo.png\"\n",
        "[site]\nlogo = \"/static/../config/lifelong.toml\"\n",
        "[site]\nlogo = \"/static/x.svg\\\" onload=\\\"alert(1)\"\n", "[site]\nname = \"two\\nlines\"\n"})
    EXPECT_THROW(parse_config(bad, fake_env({})), std::runtime_error) << bad;
}

TEST(Config, MailNeedsASenderAndTheAddressItsLinksLeadTo) {
  const std::string mail = "[mail]\nsmtp_url = \"smtp://127.0.0.1:25\"\nfrom = \"noreply@xuexi.example.cn\"\n";
  EXPECT_THROW(parse_config(mail, fake_env({})), std::runtime_error);  // no public_url: links to 127.0.0.1
  auto c = parse_config(mail + "[server]\npublic_url = \"https://xuexi.example.cn\"\n", fake_env({}));
  EXPECT_TRUE(c.mail.enabled());
  for (const char* from : {"nobody", "a@b.cn\\r\\nBcc: x@y.cn", "\\\"Boss\\\" <a@b.cn>"})
    EXPECT_THROW(parse_config("[mail]\nsmtp_url = \"smtp://127.0.0.1:25\"\nfrom = \"" + std::string(from) +
                                  "\"\n[server]\npublic_url = \"https://x.cn\"\n",
                              fake_env({})),
                 std::runtime_error)
        << from;
  EXPECT_THROW(parse_config("[mail]\nsmtp_url = \"http://x\"\nfrom = \"a@b.cn\"\n", fake_env({})), std::runtime_error);
}
