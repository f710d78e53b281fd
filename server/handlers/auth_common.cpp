#include "auth_common.hpp"

#include "http/cookies.hpp"
#include "http/errors.hpp"

namespace lifelong::handlers {

namespace {
// Counts the try; throws 429 with Retry-After while the name or the address has had too
// many recent ones.
void count_attempt(app& a, const std::string& username, const std::string& address) {
  if (const auto wait = a.login_limits.begin_attempt(username, address); wait > 0) {
    http::http_error e(429, "too_many_attempts", "errors.too_many_attempts");
    e.headers.emplace_back("Retry-After", std::to_string(wait));
    throw e;
  }
}

}  // namespace

std::uint64_t register_resident(app& a, const services::new_user& u, const std::string& address) {
  if (const auto wait = a.login_limits.begin_registration(address); wait > 0) {
    http::http_error e(429, "too_many_attempts", "errors.too_many_registrations");
    e.headers.emplace_back("Retry-After", std::to_string(wait));
    throw e;
  }
  return a.users.register_user(u);
}

services::session identity_of(const services::user_record& u, bool via_card) {
  services::session s;
  s.user_id = u.id;
  s.username = u.username;
  s.display_name = u.display_name;
  s.roles = u.roles;
  s.role_units = u.role_units;
  s.home_path = u.home_path;
  s.via_card = via_card;
  s.simplified = u.simplified;
  return s;
}

void refresh_sessions(app& a, std::uint64_t user_id) {
  if (auto u = a.users.find(user_id)) a.sessions.refresh(identity_of(*u, false));
}

services::session replace_password(app& a, const services::session& who, const std::string& current,
                                   const std::string& replacement, const std::string& address) {
  services::user_service::check_new_password(who.username, replacement);  // a weak new one is no failed try
  count_attempt(a, who.username, address);
  if (!a.users.change_password(who.user_id, current, replacement))
    throw http::bad_request("errors.password_wrong", "current_password");
  a.login_limits.succeeded(who.username, address);
  a.sessions.destroy_all(who.user_id);
  auto identity = who;
  identity.via_card = false;  // a password proves more than a card
  if (auto u = a.users.find(who.user_id)) identity = identity_of(*u, false);
  return a.sessions.create(identity);
}

void confirm_password(app& a, const services::session& who, const std::string& current, const std::string& address) {
  if (who.via_card) throw http::forbidden();  // a card proves only that its holder may learn
  count_attempt(a, who.username, address);
  if (!a.users.authenticate(who.username, current))
    throw http::bad_request("errors.password_wrong", "current_password");
  a.login_limits.succeeded(who.username, address);
}

std::optional<bool> device_mode(const http::request& req) {
  const auto mode = http::cookie_value(req.header("cookie"), "ll_mode");
  if (mode == "simple") return true;
  if (mode == "standard") return false;
  return std::nullopt;
}

std::optional<services::session> sign_in(app& a, std::string username, std::string password, std::string address,
                                         std::optional<bool> device_mode) {
  count_attempt(a, username, address);
  auto user = a.users.authenticate(username, password);
  if (!user) return std::nullopt;
  a.login_limits.succeeded(username, address);
  if (device_mode && *device_mode != user->simplified) {
    a.users.set_simplified(user->id, *device_mode);
    user->simplified = *device_mode;
    refresh_sessions(a, user->id);  // the person's other devices follow, as with the switch
  }
  return a.sessions.create(identity_of(*user, false));
}

void sign_out(app& a, const http::request& req) {
  if (req.user) a.sessions.destroy(req.user->id);
}

void add_session_cookie(app& a, http::reply& rep, const services::session& s) {
  rep.header("Set-Cookie", http::set_cookie("ll_sid", s.id, {true, a.cfg.server.secure_cookies, -1}));
}

void clear_session_cookie(app& a, http::reply& rep) {
  rep.header("Set-Cookie", http::set_cookie("ll_sid", "", {true, a.cfg.server.secure_cookies, 0}));
}

}  // namespace lifelong::handlers
