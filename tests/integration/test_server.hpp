#pragma once
// The whole server (app, dispatcher, listener) in-process on a loopback port, over the
// real MariaDB and Redis. Shared by the HTTP tests; started once per test binary.
#include <cstdint>
#include <optional>
#include <string>

#include "app.hpp"
#include "http_client.hpp"

namespace lifelong::test_env {

struct test_server {
  static test_server& get();  // starts it on first use
  unsigned short port = 0;
  app* application = nullptr;
  std::uint64_t max_upload_bytes = 1024 * 1024;
};

// Registers a user (optionally a teacher) and signs in through the API.
struct signed_in {
  std::uint64_t id = 0;
  std::string username;
  std::string cookie;  // "Cookie: ll_sid=...\r\n"
  std::string csrf;
  std::string with_csrf() const { return cookie + "X-CSRF-Token: " + csrf + "\r\n"; }
};
signed_in sign_up(bool teacher = false);
// Registers someone holding `role` (teacher, reviewer, site_admin) for `unit`, then signs in.
signed_in sign_up_as(const std::string& role, std::optional<std::uint64_t> unit = std::nullopt,
                     std::optional<std::uint64_t> home_unit = std::nullopt);

// The person as services see them when they act (their roles and home, read now).
services::actor actor_of(std::uint64_t user_id);
inline services::actor actor_of(const signed_in& who) { return actor_of(who.id); }

// A new draft course with one lesson, made by the teacher; returns the lesson's id.
std::uint64_t new_lesson(const signed_in& teacher, const std::string& course_title = "上传测试");

}  // namespace lifelong::test_env
