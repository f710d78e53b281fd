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

// One script, so a count never exists without its expiry whatever runs in between: the
// window starts at the first try, and later ones do not push it back. Returns the count
// and the seconds left in the window.
constexpr const char* count_script =
    "local n = redis.call('INCR', KEYS[1]) "
    "if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end "
    "return {n, redis.call('TTL', KEYS[1])}";
// Gives one back, never below zero and never to a count whose window has ended.
constexpr const char* give_back_script =
    "if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end return 0";

// Adds one to the key's count; the seconds left in its window when that passes the limit.
std::int64_t login_limiter::count(const std::string& key, int limit) {
  const auto r = redis_.command({"EVAL", count_script, "1", key, std::to_string(limits_.window.count())});
  if (r.elements.size() != 2 || as_number(r.elements[0]) <= limit) return 0;
  return std::max<std::int64_t>(1, as_number(r.elements[1]));
}

// The address first: a try refused there is not counted against the account (else one
// address could lock any number of accounts), and one refused for the account gives the
// address its try back.
std::int64_t login_limiter::begin_attempt(const std::string& username, const std::string& address) {
  if (const auto wait = count(address_key(address), limits_.per_address); wait > 0) return wait;
  const auto wait = count(account_key(username), limits_.per_account);
  if (wait > 0) redis_.command({"EVAL", give_back_script, "1", address_key(address)});
  return wait;
}

std::int64_t login_limiter::begin_registration(const std::string& address) {
  return count("register:addr:" + sha256_hex(address).substr(0, 32), limits_.registrations_per_address);
}

void login_limiter::succeeded(const std::string& username, const std::string& address) {
  redis_.command({"DEL", account_key(username)});
  redis_.command({"EVAL", give_back_script, "1", address_key(address)});  // a family's router: right passwords cost nothing
}

}  // namespace lifelong::services
