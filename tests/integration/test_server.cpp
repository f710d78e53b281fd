#include "test_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/io_thread.hpp"

#include "dispatch.hpp"
#include "env.hpp"
#include "net/listener.hpp"

namespace asio = boost::asio;

namespace lifelong::test_env {

namespace {

// Everything the in-process server owns, torn down in order when the tests end:
// the loop first (its pending coroutines still reference the app), then the app.
struct running_server {
  config cfg;
  std::unique_ptr<app> application;
  std::unique_ptr<app_dispatcher> dispatcher;
  net::connection_limits limits;
  net::server_state state;
  asio::io_context ioc;
  std::unique_ptr<asio::ip::tcp::acceptor> acceptor;
  std::thread runner;

  void stop() {
    asio::post(ioc, [this] { acceptor->close(); });
    ioc.stop();
    if (runner.joinable()) runner.join();
    dispatcher->blocking().stop();  // finish blocking work before its completions' loop is destroyed
  }
};

running_server* current = nullptr;

class server_environment : public ::testing::Environment {
 public:
  void TearDown() override {
    if (!current) return;
    current->stop();
    delete current;
    current = nullptr;
  }
};
[[maybe_unused]] auto* registered = ::testing::AddGlobalTestEnvironment(new server_environment);

}  // namespace

test_server& test_server::get() {
  static test_server server = [] {
    test_server s;
    current = new running_server;
    auto& r = *current;
    r.cfg = integration_config();
    r.cfg.media.dir = fresh_dir("http-media").string();
    r.cfg.server.max_upload_mb = 1;  // as the connection limit below
    r.cfg.uploads.teacher_quota_mb = 3;
    r.cfg.login.max_failures_per_address = 100000;        // every test signs in from 127.0.0.1
    r.cfg.login.max_registrations_per_address = 1000000;  // ... and registers from it
    // Most tests report a lesson watched in one go; the pace rule has tests of its own
    // (Hardening.*Pace*), on a service of their own with the real rules.
    r.cfg.learning.slack_seconds = 1e7;
    // A site identity, as a city sets it (the header, the footer and the privacy page say it).
    r.cfg.site.name = "示范市终身学习网";
    r.cfg.site.issuer = "示范市社区教育指导中心";
    r.cfg.site.hotline = "0571-12345678";
    r.cfg.site.icp = "示ICP备00000000号";
    r.cfg.comments.held_words = {"Spam Link", "加微信"};  // held for review (Ratings.*)
    r.application = std::make_unique<app>(r.cfg);
    r.dispatcher = std::make_unique<app_dispatcher>(*r.application);
    r.limits.max_upload_bytes = s.max_upload_bytes;
    r.limits.upload_dir = r.cfg.media.dir + "/uploading";
    r.limits.idle_seconds = 5;
    r.acceptor = std::make_unique<asio::ip::tcp::acceptor>(
        r.ioc, asio::ip::tcp::endpoint{asio::ip::make_address("127.0.0.1"), 0});
    asio::co_spawn(r.ioc, net::accept_loop(*r.acceptor, *r.dispatcher, r.limits, r.state), asio::detached);
    r.runner = std::thread([&r] {
      io_thread_mark never_blocks;  // as in main: blocking calls here would throw
      r.ioc.run();
    });
    s.port = r.acceptor->local_endpoint().port();
    s.application = r.application.get();
    return s;
  }();
  return server;
}

services::actor actor_of(std::uint64_t user_id) {
  const auto u = test_server::get().application->users.find(user_id).value();
  services::actor who;
  who.user_id = u.id;
  who.roles = u.roles;
  who.role_units = u.role_units;
  who.home_path = u.home_path;
  return who;
}

signed_in sign_up_as(const std::string& role, std::optional<std::uint64_t> unit,
                     std::optional<std::uint64_t> home_unit) {
  auto& server = test_server::get();
  signed_in who;
  who.username = unique_name("user");
  const std::string password = "a long password";
  nlohmann::json body{{"username", who.username}, {"display_name", "测试"}, {"password", password}};
  if (home_unit) body["org_unit_id"] = *home_unit;
  auto made = request(server.port, "POST", "/api/v1/users", body.dump(), "Content-Type: application/json\r\n");
  EXPECT_EQ(made.status, 201) << made.body;
  who.id = nlohmann::json::parse(made.body)["id"].get<std::uint64_t>();
  if (!role.empty()) server.application->users.grant_role(services::console_operator(), who.id, role, unit);
  auto login = request(server.port, "POST", "/api/v1/session",
                       nlohmann::json{{"username", who.username}, {"password", password}}.dump(),
                       "Content-Type: application/json\r\n");
  EXPECT_EQ(login.status, 200) << login.body;
  auto cookie = login.header("set-cookie");
  who.cookie = "Cookie: " + cookie.substr(0, cookie.find(';')) + "\r\n";
  who.csrf = nlohmann::json::parse(login.body)["csrf_token"].get<std::string>();
  return who;
}

signed_in sign_up(bool teacher) {
  return sign_up_as(teacher ? "teacher" : "");
}

std::uint64_t new_lesson(const signed_in& teacher, const std::string& course_title) {
  const auto port = test_server::get().port;
  const std::string json_type = "Content-Type: application/json\r\n";
  auto course =
      request(port, "POST", "/api/v1/courses", nlohmann::json{{"title", course_title}, {"category", "digital"}}.dump(),
              json_type + teacher.with_csrf());
  EXPECT_EQ(course.status, 201) << course.body;
  auto id = nlohmann::json::parse(course.body)["id"].get<std::uint64_t>();
  auto lesson = request(port, "POST", "/api/v1/courses/" + std::to_string(id) + "/lessons",
                        nlohmann::json{{"title", "第一课"}}.dump(), json_type + teacher.with_csrf());
  EXPECT_EQ(lesson.status, 201) << lesson.body;
  return nlohmann::json::parse(lesson.body)["id"].get<std::uint64_t>();
}

}  // namespace lifelong::test_env
