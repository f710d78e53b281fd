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

std::int64_t login_limiter::wait_seconds(const std::string& username, const std::string& address) {
  std::int64_t wait = 0;
  for (const auto& [key, limit] : {std::pair{account_key(username), limits_.per_account},
                                   std::pair{address_key(address), limits_.per_address}}) {
    if (as_number(redis_.command({"GET", key})) < limit) continue;
    wait = std::max<std::int64_t>(wait, std::max<std::int64_t>(1, as_number(redis_.command({"TTL", key}))));
  }
  return wait;
}

void login_limiter::failed(const std::string& username, const std::string& address) {
  for (const auto& key : {account_key(username), address_key(address)}) {
    // Created with its expiry in one command (never a count without one); the window
    // starts at the first failure and later ones do not push it back.
    redis_.command({"SET", key, "0", "EX", std::to_string(limits_.window.count()), "NX"});
    redis_.command({"INCR", key});
  }
}

void login_limiter::succeeded(const std::string& username) {
  redis_.command({"DEL", account_key(username)});
}

}  // namespace lifelong::services
