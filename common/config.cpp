#include "config.hpp"

#include <toml++/toml.h>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace lifelong {
namespace {

std::string env_name(std::string_view section, std::string_view key) {
  std::string name = "LIFELONG_";
  for (char c : section) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  name += '_';
  for (char c : key) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name;
}

// Binds one setting: the environment wins over the file, the file over the default.
class binder {
 public:
  binder(const toml::table& root, const env_lookup& env) : root_(root), env_(env) {}

  void bind(std::string_view section, std::string_view key, std::string& out) {
    if (auto v = env_(env_name(section, key))) {
      out = *v;
      return;
    }
    if (auto node = root_[section][key]) {
      auto s = node.value<std::string>();
      if (!s) throw std::runtime_error(where(section, key) + " must be a string");
      out = *s;
    }
  }

  template <class Int>
  void bind(std::string_view section, std::string_view key, Int& out) {
    if (auto v = env_(env_name(section, key))) {
      out = to_int<Int>(*v, section, key);
      return;
    }
    if (auto node = root_[section][key]) {
      auto i = node.value<std::int64_t>();
      if (!i || *i < 0) throw std::runtime_error(where(section, key) + " must be a whole number >= 0");
      out = static_cast<Int>(*i);
    }
  }

  // A number >= 0 that may have a fraction (1.5); 2 in the file reads as 2.0.
  void bind(std::string_view section, std::string_view key, double& out) {
    if (auto v = env_(env_name(section, key))) {
      char* end = nullptr;
      const double d = std::strtod(v->c_str(), &end);
      if (v->empty() || *end != '\0' || !(d >= 0))
        throw std::runtime_error(where(section, key) + " must be a number >= 0");
      out = d;
      return;
    }
    if (auto node = root_[section][key]) {
      std::optional<double> d = node.value<double>();
      if (node.is_integer()) d = static_cast<double>(*node.value<std::int64_t>());
      if (!d || !(*d >= 0)) throw std::runtime_error(where(section, key) + " must be a number >= 0");
      out = *d;
    }
  }

  void bind(std::string_view section, std::string_view key, bool& out) {
    if (auto v = env_(env_name(section, key))) {
      out = (*v == "1" || *v == "true");
      return;
    }
    if (auto node = root_[section][key]) {
      auto b = node.value<bool>();
      if (!b) throw std::runtime_error(where(section, key) + " must be true or false");
      out = *b;
    }
  }

  // A list: a TOML array of strings, or comma-separated in the environment.
  void bind(std::string_view section, std::string_view key, std::vector<std::string>& out) {
    if (auto v = env_(env_name(section, key))) {
      out.clear();
      std::stringstream parts(*v);
      for (std::string item; std::getline(parts, item, ',');) {
        const auto first = item.find_first_not_of(" \t"), last = item.find_last_not_of(" \t");
        if (first != std::string::npos) out.push_back(item.substr(first, last - first + 1));  // "a, b" is a and b
      }
      return;
    }
    if (auto node = root_[section][key]) {
      const auto* items = node.as_array();
      if (!items) throw std::runtime_error(where(section, key) + " must be a list of strings");
      out.clear();
      for (const auto& item : *items) {
        auto text = item.value<std::string>();
        if (!text) throw std::runtime_error(where(section, key) + " must be a list of strings");
        out.push_back(*text);
      }
    }
  }

 private:
  static std::string where(std::string_view section, std::string_view key) {
    return "setting [" + std::string(section) + "] " + std::string(key);
  }
  template <class Int>
  static Int to_int(const std::string& text, std::string_view section, std::string_view key) {
    try {
      std::size_t used = 0;
      long long v = std::stoll(text, &used);
      if (used != text.size() || v < 0) throw std::invalid_argument("x");
      return static_cast<Int>(v);
    } catch (const std::exception&) {
      throw std::runtime_error("environment " + env_name(section, key) + " must be a whole number >= 0");
    }
  }

  const toml::table& root_;
  const env_lookup& env_;
};

// The site's words go on every page (escaped there): short lines of valid text, and a
// logo served by the site itself, so no page loads anything from elsewhere.
void check_site(const site_settings& s) {
  for (const auto* text : {&s.name, &s.name_en, &s.issuer, &s.issuer_en, &s.hotline, &s.icp})
    if (text->size() > 200 || text->find_first_of("\r\n") != std::string::npos)
      throw std::runtime_error("config: [site] texts must be one line of at most 200 bytes");
  if (s.logo.rfind("/static/", 0) != 0 || s.logo.find("..") != std::string::npos ||
      s.logo.find_first_of("\"'<> ") != std::string::npos)
    throw std::runtime_error("config: site.logo must be a file under /static/ (e.g. /static/img/logo.svg)");
}

// The sender goes into the envelope and a header: one plain address, nothing that could
// start another header line.
void check_mail(const mail_settings& m) {
  if (!m.enabled()) return;
  if (m.smtp_url.rfind("smtp://", 0) != 0 && m.smtp_url.rfind("smtps://", 0) != 0)
    throw std::runtime_error("config: mail.smtp_url must start with smtp:// or smtps://");
  const auto at = m.from.find('@');
  if (at == std::string::npos || at == 0 || at + 1 == m.from.size() || m.from.size() > 254 ||
      m.from.find_first_of(" <>\"\r\n,;") != std::string::npos)
    throw std::runtime_error("config: mail.from must be one address, like noreply@xuexi.example.cn");
  if (m.reset_minutes < 5 || m.reset_minutes > 24 * 60)
    throw std::runtime_error("config: mail.reset_minutes must be 5 to 1440");
}

}  // namespace

std::optional<host_port> parse_host_port(const std::string& address) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0) return std::nullopt;
  std::string host = address.substr(0, colon);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return std::nullopt;
    host = host.substr(1, host.size() - 2);
  } else if (host.find_first_of(": \t") != std::string::npos) {
    return std::nullopt;  // an IPv6 address needs its brackets: "fe80::1" is no host and port
  }
  const auto port = address.substr(colon + 1);
  if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  const int number = std::stoi(port);
  if (number < 1 || number > 65535) return std::nullopt;
  return host_port{host, number};
}

std::optional<std::string> process_env(const std::string& name) {
  if (const char* v = std::getenv(name.c_str()); v && *v) return std::string(v);
  return std::nullopt;
}

config parse_config(const std::string& toml_text, const env_lookup& env) {
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error& e) {
    std::ostringstream msg;
    msg << "config: " << e.description() << " at line " << e.source().begin.line;
    throw std::runtime_error(msg.str());
  }
  config c;
  binder b(root, env);
  b.bind("server", "listen", c.server.listen);
  b.bind("server", "port", c.server.port);
  b.bind("server", "io_threads", c.server.io_threads);
  b.bind("server", "blocking_threads", c.server.blocking_threads);
  b.bind("server", "blocking_queue_limit", c.server.blocking_queue_limit);
  b.bind("server", "blocking_wait_ms", c.server.blocking_wait_ms);
  b.bind("server", "max_upload_mb", c.server.max_upload_mb);
  b.bind("server", "templates_dir", c.server.templates_dir);
  b.bind("server", "static_dir", c.server.static_dir);
  b.bind("server", "secure_cookies", c.server.secure_cookies);
  b.bind("server", "trust_proxy", c.server.trust_proxy);
  b.bind("server", "public_url", c.server.public_url);
  b.bind("site", "name", c.site.name);
  b.bind("site", "name_en", c.site.name_en);
  b.bind("site", "issuer", c.site.issuer);
  b.bind("site", "issuer_en", c.site.issuer_en);
  b.bind("site", "hotline", c.site.hotline);
  b.bind("site", "icp", c.site.icp);
  b.bind("site", "logo", c.site.logo);
  b.bind("comments", "held_words", c.comments.held_words);
  check_site(c.site);
  b.bind("media", "dir", c.media.dir);
  b.bind("media", "link_secret", c.media.link_secret);
  b.bind("media", "link_minutes", c.media.link_minutes);
  // It is also written into the edge's nginx configuration, inside a string.
  if (!c.media.link_secret.empty() &&
      (c.media.link_secret.size() < 16 ||
       c.media.link_secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-") !=
           std::string::npos))
    throw std::runtime_error("config: media.link_secret must be 16 or more of A-Z a-z 0-9 _ -");
  if (c.media.link_minutes < 1 || c.media.link_minutes > 24 * 60)
    throw std::runtime_error("config: media.link_minutes must be 1 to 1440");
  b.bind("uploads", "teacher_quota_mb", c.uploads.teacher_quota_mb);
  b.bind("uploads", "expiry_hours", c.uploads.expiry_hours);
  b.bind("uploads", "allowed_extensions", c.uploads.allowed_extensions);
  b.bind("mysql", "host", c.mysql.host);
  b.bind("mysql", "port", c.mysql.port);
  b.bind("mysql", "user", c.mysql.user);
  b.bind("mysql", "password", c.mysql.password);
  b.bind("mysql", "database", c.mysql.database);
  b.bind("mysql", "pool_size", c.mysql.pool_size);
  b.bind("mysql", "wait_ms", c.mysql.wait_ms);
  b.bind("mysql", "read_timeout_seconds", c.mysql.read_timeout_seconds);
  b.bind("mysql", "migrate_timeout_minutes", c.mysql.migrate_timeout_minutes);
  b.bind("mysql", "replica_host", c.mysql.replica_host);
  b.bind("mysql", "replica_port", c.mysql.replica_port);
  b.bind("mysql", "replica_max_lag_seconds", c.mysql.replica_max_lag_seconds);
  b.bind("redis", "host", c.redis.host);
  b.bind("redis", "port", c.redis.port);
  b.bind("redis", "password", c.redis.password);
  b.bind("redis", "pool_size", c.redis.pool_size);
  b.bind("redis", "command_timeout_seconds", c.redis.command_timeout_seconds);
  b.bind("redis", "sentinels", c.redis.sentinels);
  b.bind("redis", "master_name", c.redis.master_name);
  b.bind("redis", "sentinel_password", c.redis.sentinel_password);
  for (const auto& address : c.redis.sentinels)
    if (!parse_host_port(address))
      throw std::runtime_error("config: redis.sentinels holds \"" + address.substr(0, 60) +
                               "\"; each must be host:port");
  if (c.redis.master_name.empty() ||
      c.redis.master_name.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-") !=
          std::string::npos)
    throw std::runtime_error("config: redis.master_name must be letters, digits, _ . or -");
  b.bind("session", "idle_minutes", c.session.idle_minutes);
  b.bind("session", "absolute_days", c.session.absolute_days);
  b.bind("learning", "fastest_rate", c.learning.fastest_rate);
  b.bind("learning", "slack_seconds", c.learning.slack_seconds);
  if (!(c.learning.fastest_rate >= 0.25 && c.learning.fastest_rate <= 16) || !(c.learning.slack_seconds <= 1e9))
    throw std::runtime_error("config: learning.fastest_rate must be 0.25 to 16, slack_seconds at most 1e9");
  b.bind("login", "max_failures_per_account", c.login.max_failures_per_account);
  b.bind("login", "max_failures_per_address", c.login.max_failures_per_address);
  b.bind("login", "max_registrations_per_address", c.login.max_registrations_per_address);
  b.bind("login", "window_minutes", c.login.window_minutes);
  b.bind("transcoder", "ffmpeg", c.transcoder.ffmpeg);
  b.bind("transcoder", "ffmpeg_threads", c.transcoder.ffmpeg_threads);
  b.bind("transcoder", "niceness", c.transcoder.niceness);
  b.bind("transcoder", "claim_idle_seconds", c.transcoder.claim_idle_seconds);
  b.bind("transcoder", "block_ms", c.transcoder.block_ms);
  b.bind("transcoder", "stuck_minutes", c.transcoder.stuck_minutes);
  b.bind("transcoder", "max_duration_minutes", c.transcoder.max_duration_minutes);
  b.bind("transcoder", "max_height", c.transcoder.max_height);
  b.bind("transcoder", "jobs", c.transcoder.jobs);
  b.bind("metrics", "token", c.metrics.token);
  b.bind("metrics", "transcoder_listen", c.metrics.transcoder_listen);
  if (!c.metrics.token.empty() && c.metrics.token.size() < 16)
    throw std::runtime_error("config: metrics.token must be at least 16 characters");
  const auto& listen = c.metrics.transcoder_listen;
  const bool loopback_listen =
      listen.rfind("127.", 0) == 0 || listen.rfind("[::1]:", 0) == 0 || listen.rfind("localhost:", 0) == 0;
  if (!listen.empty() && !loopback_listen && c.metrics.token.empty())
    throw std::runtime_error("config: metrics.transcoder_listen " + listen +
                             " can be reached from other hosts; set metrics.token (LIFELONG_METRICS_TOKEN) too");
  b.bind("mail", "smtp_url", c.mail.smtp_url);
  b.bind("mail", "from", c.mail.from);
  b.bind("mail", "username", c.mail.username);
  b.bind("mail", "password", c.mail.password);
  b.bind("mail", "reset_minutes", c.mail.reset_minutes);
  check_mail(c.mail);
  b.bind("xapi", "endpoint", c.xapi.endpoint);
  b.bind("xapi", "username", c.xapi.username);
  b.bind("xapi", "password", c.xapi.password);
  b.bind("xapi", "activity_base", c.xapi.activity_base);
  b.bind("xapi", "retry_max_seconds", c.xapi.retry_max_seconds);
  if (c.xapi.activity_base.empty()) c.xapi.activity_base = c.server.public_url;
  if (c.xapi.enabled()) {
    if (c.xapi.endpoint.rfind("http://", 0) != 0 && c.xapi.endpoint.rfind("https://", 0) != 0)
      throw std::runtime_error("config: xapi.endpoint must start with http:// or https://");
    if (c.xapi.activity_base.rfind("http", 0) != 0)
      throw std::runtime_error("config: xapi needs activity_base or server.public_url (an absolute http(s) address)");
    if (c.xapi.retry_max_seconds < 1) throw std::runtime_error("config: xapi.retry_max_seconds must be at least 1");
  }
  // Printed links (learning cards' QR codes, certificates) come from here, never from a
  // request's Host header, which whoever sends the request chooses.
  auto& url = c.server.public_url;
  const bool public_url_given = !url.empty();
  if (url.empty())
    url = "http://" +
          std::string(c.server.listen == "0.0.0.0" || c.server.listen == "::" ? "127.0.0.1" : c.server.listen) + ":" +
          std::to_string(c.server.port);
  while (url.size() > 1 && url.back() == '/') url.pop_back();
  if ((url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) ||
      url.find_first_of(" \t\r\n\"<>\\") != std::string::npos)
    throw std::runtime_error("config: server.public_url must be an address like https://xuexi.example.cn");
  if (url.rfind("https://", 0) == 0) c.server.secure_cookies = true;  // served over TLS: cookies only go back that way
  // A reset link must lead to the site as residents reach it, not to where it listens.
  if (c.mail.enabled() && !public_url_given)
    throw std::runtime_error("config: [mail] needs server.public_url, the address its links lead to");
  if (c.server.port > 65535 || c.mysql.port > 65535 || c.redis.port > 65535)
    throw std::runtime_error("config: a port must be at most 65535");
  if (c.server.io_threads < 1 || c.server.blocking_threads < 1 || c.mysql.pool_size < 1 || c.redis.pool_size < 1 ||
      c.transcoder.jobs < 1)
    throw std::runtime_error("config: thread and pool sizes must be at least 1");
  if (c.server.blocking_queue_limit < 0 || c.server.blocking_wait_ms < 1 || c.mysql.wait_ms < 1)
    throw std::runtime_error("config: blocking_queue_limit must be 0 or more, blocking_wait_ms and wait_ms at least 1");
  if (c.mysql.read_timeout_seconds < 1 || c.mysql.migrate_timeout_minutes < 1)
    throw std::runtime_error("config: mysql.read_timeout_seconds and migrate_timeout_minutes must be at least 1");
  if (c.mysql.replica_port < 1 || c.mysql.replica_port > 65535)
    throw std::runtime_error("config: mysql.replica_port must be 1 to 65535");
  if (c.mysql.replica_max_lag_seconds < 0 || c.mysql.replica_max_lag_seconds > 3600)
    throw std::runtime_error("config: mysql.replica_max_lag_seconds must be 0 to 3600");
  if (c.transcoder.block_ms < 1 || c.redis.command_timeout_seconds * 1000LL < c.transcoder.block_ms + 1000LL)
    throw std::runtime_error(
        "config: redis.command_timeout_seconds must outlast transcoder.block_ms by a second at least");
  return c;
}

config load_config(const std::string& path, const env_lookup& env) {
  std::ifstream in(path);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  return parse_config(text.str(), env);
}

}  // namespace lifelong
