#include "login_limiter.hpp"

#include <algorithm>

#include "common/tokens.hpp"

namespace lifelong::services {
namespace {
std::int64_t as_number(const redis_value& v) {
  if (v.type == redis_value::kind::integer) return v.integer;
  if (v.type == redis_value::kind::string) return v.str.empty() ? 0 : std::stoll(v.str);
  return 0;
}
}  // namespace

// Hashed so the keys hold neither names nor addresses in the clear; lower case so
// "Zhang" and "zhang" share a count.
std::string login_limiter::account_key(const std::string& username) {
  std::string name = username;
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return "login:fail:user:" + sha256_hex(name).substr(0, 32);
}

std::string login_limiter::address_key(const std::string& address) {
  return "login:fail:addr:" + sha256_hex(address).substr(0, 32);
}

// Adds one to the key's count; the seconds left in its window when that passes the limit.
std::int64_t login_limiter::count(const std::string& key, int limit) {
  // Created with its expiry in one command (never a count without one); the window
  // starts at the first try and later ones do not push it back.
  redis_.command({"SET", key, "0", "EX", std::to_string(limits_.window.count()), "NX"});
  if (as_number(redis_.command({"INCR", key})) <= limit) return 0;
  return std::max<std::int64_t>(1, as_number(redis_.command({"TTL", key})));
}

std::int64_t login_limiter::begin_attempt(const std::string& username, const std::string& address) {
  return std::max(count(account_key(username), limits_.per_account), count(address_key(address), limits_.per_address));
}

std::int64_t login_limiter::begin_registration(const std::string& address) {
  return count("register:addr:" + sha256_hex(address).substr(0, 32), limits_.registrations_per_address);
}

void login_limiter::succeeded(const std::string& username, const std::string& address) {
  redis_.command({"DEL", account_key(username)});
  redis_.command({"DECR", address_key(address)});  // a family's router: right passwords cost nothing
}

}  // namespace lifelong::services
