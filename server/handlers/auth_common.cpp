#include "auth_common.hpp"

#include "http/cookies.hpp"
#include "http/errors.hpp"

namespace lifelong::handlers {

namespace {
// Throws 429 with Retry-After while the name or the address has too many recent failures.
void refuse_while_locked(app& a, const std::string& username, const std::string& address) {
  if (const auto wait = a.login_limits.wait_seconds(username, address); wait > 0) {
    http::http_error e(429, "too_many_attempts", "errors.too_many_attempts");
    e.headers.emplace_back("Retry-After", std::to_string(wait));
    throw e;
  }
}

}  // namespace

http::session replace_password(app& a, const http::session& who, const std::string& current,
                               const std::string& replacement, const std::string& address) {
  refuse_while_locked(a, who.username, address);
  if (!a.users.change_password(who.user_id, current, replacement)) {
    a.login_limits.failed(who.username, address);
    throw http::bad_request("errors.password_wrong", "current_password");
  }
  a.sessions.destroy_all(who.user_id);
  return a.sessions.create(who.user_id, who.username, who.display_name, who.roles, who.review_units);
}

boost::asio::awaitable<std::optional<http::session>> sign_in(app& a, std::string username, std::string password,
                                                             std::string address) {
  co_return co_await net::offload(a.blocking, [&]() -> std::optional<http::session> {
    refuse_while_locked(a, username, address);
    auto user = a.users.authenticate(username, password);
    if (!user) {
      a.login_limits.failed(username, address);
      return std::nullopt;
    }
    a.login_limits.succeeded(username);
    return a.sessions.create(user->id, user->username, user->display_name, user->roles, user->review_units);
  });
}

boost::asio::awaitable<void> sign_out(app& a, const http::request& req) {
  if (req.user) co_await net::offload(a.blocking, [&] { a.sessions.destroy(req.user->id); });
}

void add_session_cookie(app& a, http::reply& rep, const http::session& s) {
  rep.header("Set-Cookie", http::set_cookie("ll_sid", s.id, {true, a.cfg.server.secure_cookies, -1}));
}

void clear_session_cookie(app& a, http::reply& rep) {
  rep.header("Set-Cookie", http::set_cookie("ll_sid", "", {true, a.cfg.server.secure_cookies, 0}));
}

}  // namespace lifelong::handlers
