#pragma once
// Settings: config/lifelong.toml, then LIFELONG_<SECTION>_<KEY> environment overrides
// (so secrets and ports never need to live in the file).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lifelong {

struct server_settings {
  std::string listen = "127.0.0.1";
  int port = 8080;
  int io_threads = 2;
  int blocking_threads = 8;
  // Blocking work waiting for a thread: at most this many calls, none longer than this;
  // past either a request is refused with 503 instead of joining a growing pile.
  int blocking_queue_limit = 512;
  int blocking_wait_ms = 10000;
  std::uint64_t max_upload_mb = 2048;
  std::string templates_dir = "templates";
  std::string static_dir = "static";
  bool secure_cookies = false;
  bool trust_proxy = false;  // behind a reverse proxy: the client is its X-Forwarded-For
  std::string public_url;    // e.g. https://xuexi.example.cn; default http://<listen>:<port>, never the Host header
};

// Who runs the site, as every page's header and footer say (empty: the message catalog's
// name, and no such footer line). Plain text; the logo is a file under static/.
// Comments on courses (rating_service.hpp): one containing any of these words (letters
// in any case, spaces ignored) waits for a reviewer of the course's area before it shows.
struct comment_settings {
  std::vector<std::string> held_words;
};

struct site_settings {
  std::string name;     // "XX市终身学习网"
  std::string name_en;  // the same in English; empty: `name`, else the catalog's
  std::string issuer;   // the issuing body: "XX市社区教育指导中心"
  std::string issuer_en;
  std::string hotline;  // "0571-12345678"
  std::string icp;      // the ICP filing number: "浙ICP备12345678号"
  std::string logo = "/static/img/logo.svg";
};

struct media_settings {
  std::string dir = "var/media";
  // Signs media links (services/media_links.hpp); the same on every server and the edge.
  // Empty: a random one per process, which serves only a single server with no edge.
  std::string link_secret;
  int link_minutes = 20;  // a link lives this long (rounded up to 5 minutes)
};

// Teachers' video uploads. The size of one file is server.max_upload_mb.
struct upload_settings {
  std::uint64_t teacher_quota_mb = 20480;  // kept sources plus unfinished uploads
  int expiry_hours = 24;                   // an unfinished upload untouched this long is removed
  std::vector<std::string> allowed_extensions = {"mp4", "mov", "m4v",  "webm", "mkv", "3gp",
                                                 "avi", "mpg", "mpeg", "ts",   "flv", "wmv"};
};

struct mysql_settings {
  std::string host = "127.0.0.1";
  int port = 3306;
  std::string user = "lifelong";
  std::string password;
  std::string database = "lifelong";
  int pool_size = 8;
  int wait_ms = 5000;                 // longest wait for a free connection; then pool_exhausted (503)
  int read_timeout_seconds = 30;      // a request's statement: a stuck one frees its thread
  int migrate_timeout_minutes = 720;  // a migration's statement: back-fills of a city's rows
  // A replica (GTID replication from this primary) for reads that may be a moment old
  // (common/replica_reads.hpp); same user, password and database. Empty: none. It is
  // used while it lags no more than replica_max_lag_seconds.
  std::string replica_host;
  int replica_port = 3306;
  int replica_max_lag_seconds = 5;
};

struct redis_settings {
  std::string host = "127.0.0.1";
  int port = 6379;
  std::string password;
  int pool_size = 8;
  // A command that gets no answer in this long fails (and its connection is dropped),
  // so a Redis that hangs holds up a request or a scrape, not the process.
  int command_timeout_seconds = 10;
  // Redis Sentinel: "host:port" of each sentinel. When set, the primary is the one they
  // name for master_name, asked again on every new connection; host and port are unused.
  std::vector<std::string> sentinels;
  std::string master_name = "lifelong";
  std::string sentinel_password;  // the sentinels' own requirepass, if they have one
};

struct session_settings {
  int idle_minutes = 60 * 24;
  int absolute_days = 30;
};

// How fast watched seconds may be credited (progress_service.hpp, pace_rules).
struct learning_settings {
  double fastest_rate = 1.5;  // the player's fastest speed
  double slack_seconds = 10;  // credited beyond that: a first report, network delays
};

// Failed sign-ins allowed in one window before sign-in is refused for a while.
struct login_settings {
  int max_failures_per_account = 5;
  int max_failures_per_address = 30;
  int max_registrations_per_address = 20;  // new accounts from one address in one window
  int window_minutes = 15;
};

struct transcoder_settings {
  std::string ffmpeg = "ffmpeg";
  int ffmpeg_threads = 0;  // 0 lets ffmpeg choose
  int niceness = 10;
  int claim_idle_seconds = 900;
  int stuck_minutes = 30;  // queued/transcoding this long with no job left: queued again
  int block_ms = 2000;
  int max_duration_minutes = 120;
  int max_height = 2160;
  int jobs = 1;  // jobs one transcoder process runs at once
};

// Export of learning events to a provincial credit bank's LRS (xAPI 1.0.3). Off while
// endpoint is empty: nothing is recorded then.
struct xapi_settings {
  std::string endpoint;  // the LRS's xAPI base, e.g. https://lrs.example.gov.cn/xapi
  std::string username;  // HTTP basic auth
  std::string password;
  std::string activity_base;  // IRIs of courses and lessons; default: [server] public_url
  int retry_max_seconds = 300;
  bool enabled() const { return !endpoint.empty(); }
};

// Mail (a forgotten password's reset link): off unless smtp_url is set. smtp:// sends in
// plain text (a relay on the same host or network), smtps:// over TLS; username and
// password from the environment (LIFELONG_MAIL_PASSWORD).
struct mail_settings {
  std::string smtp_url;  // "smtp://127.0.0.1:25", "smtps://smtp.example.cn:465"
  std::string from;      // "noreply@xuexi.example.cn"
  std::string username;
  std::string password;
  int reset_minutes = 30;  // how long a reset link works
  bool enabled() const { return !smtp_url.empty(); }
};

// /metrics: the server answers loopback requests that came straight to it (not through a
// proxy), and others that carry the token as Basic auth's password; the transcoder
// listens only where transcoder_listen says ("127.0.0.1:9465"; empty: no listener).
struct metrics_settings {
  std::string token;  // LIFELONG_METRICS_TOKEN
  std::string transcoder_listen;
};

struct config {
  server_settings server;
  site_settings site;
  comment_settings comments;
  media_settings media;
  upload_settings uploads;
  mysql_settings mysql;
  redis_settings redis;
  session_settings session;
  login_settings login;
  learning_settings learning;
  transcoder_settings transcoder;
  xapi_settings xapi;
  mail_settings mail;
  metrics_settings metrics;
};

struct host_port {
  std::string host;
  int port = 0;
};
// "host:port" or "[v6]:port", with a port of 1 to 65535; nothing for anything else.
std::optional<host_port> parse_host_port(const std::string& address);

using env_lookup = std::function<std::optional<std::string>(const std::string&)>;

// Reads the process environment.
std::optional<std::string> process_env(const std::string& name);

// Parses TOML text; throws std::runtime_error naming the bad key or line.
config parse_config(const std::string& toml_text, const env_lookup& env = process_env);

// Reads the file (a missing file means all defaults) and applies overrides.
config load_config(const std::string& path, const env_lookup& env = process_env);

}  // namespace lifelong
