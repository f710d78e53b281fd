#include "env.hpp"

#include <gtest/gtest.h>

#include <cppconn/connection.h>

#include <cstdio>
#include <memory>
#include <mutex>

#include "common/migrations.hpp"
#include "common/mysql_pool.hpp"
#include "common/tokens.hpp"

namespace lifelong::test_env {

config integration_config() {
  if (!process_env("LIFELONG_MYSQL_PORT") || !process_env("LIFELONG_REDIS_PORT"))
    throw std::runtime_error("integration tests need the services scripts/test starts: run scripts/test");
  auto c = load_config(LIFELONG_SOURCE_DIR "/config/lifelong.toml");
  c.server.templates_dir = LIFELONG_SOURCE_DIR "/templates";
  c.server.static_dir = LIFELONG_SOURCE_DIR "/static";
  // Export to the credit bank on, towards a port nothing listens on: every test's
  // learning goes through the outbox; xapi_test delivers it to its own LRS.
  c.xapi.endpoint = "http://127.0.0.1:9/xapi";
  c.xapi.username = "lifelong";
  c.xapi.password = "test-lrs-password";
  c.xapi.activity_base = "http://lifelong.test";
  static std::once_flag schema_once;
  std::call_once(schema_once, [&] {
    init_crypto();
    mysql_pool pool(c.mysql);
    auto db = pool.connect();
    apply_migrations(*db, LIFELONG_SOURCE_DIR "/config/schema");
  });
  return c;
}

std::string unique_name(const std::string& prefix) {
  init_crypto();
  std::string token = random_token();
  std::string clean;
  for (char ch : token)
    if (std::isalnum(static_cast<unsigned char>(ch))) clean += ch;
  return prefix + "_" + clean.substr(0, 12);
}

std::filesystem::path fresh_dir(const std::string& name) {
  auto base = std::filesystem::path(process_env("LIFELONG_TEST_TMP").value_or("/tmp/lifelong-tests"));
  auto dir = base / unique_name(name);
  std::filesystem::create_directories(dir);
  return dir;
}

int shell(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string shell_output(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> out(popen(command.c_str(), "r"), pclose);
  if (!out) return "";
  std::string text;
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, out.get())) > 0;) text.append(buf, n);
  return text;
}

void make_clip(const std::filesystem::path& out, const std::string& video_source, double seconds, bool audio) {
  std::string cmd = "ffmpeg -hide_banner -loglevel error -y -f lavfi -i '" + video_source + "'";
  if (audio) cmd += " -f lavfi -i 'sine=frequency=440:sample_rate=48000'";
  cmd += " -t " + std::to_string(seconds) + " -c:v libx264 -preset ultrafast -pix_fmt yuv420p";
  if (audio) cmd += " -c:a aac";
  cmd += " '" + out.string() + "'";
  ASSERT_EQ(shell(cmd), 0) << cmd;
}

}  // namespace lifelong::test_env
