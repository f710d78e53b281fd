#pragma once
// Sign-in tries counted in Redis per account and per address, in a fixed window. Each
// try is counted (one INCR, atomic) before its password is checked, so tries sent in
// parallel cannot all slip under the limit; a success clears the account's count and
// gives the address its try back. Past the limit, sign-in is refused before the
// password is checked (429 with Retry-After), so guessing costs the guesser time, not
// the server argon2 work.
#include <chrono>
#include <cstdint>
#include <string>

#include "common/redis_client.hpp"

namespace lifelong::services {

struct login_limits {
  int per_account = 5;    // failures per account name in one window
  int per_address = 30;   // failures from one address in one window (a shared family router)
  std::chrono::seconds window{15 * 60};
  int registrations_per_address = 20;  // new accounts from one address in one window
};

class login_limiter {
 public:
  login_limiter(redis_pool& redis, login_limits limits) : redis_(redis), limits_(limits) {}

  // Counts this try; seconds to wait when it is past either limit (then check no
  // password), 0 when it may go on.
  std::int64_t begin_attempt(const std::string& username, const std::string& address);
  void succeeded(const std::string& username, const std::string& address);
  // Counts a registration from the address; seconds to wait when past the limit, else 0.
  std::int64_t begin_registration(const std::string& address);

 private:
  static std::string account_key(const std::string& username);
  static std::string address_key(const std::string& address);
  std::int64_t count(const std::string& key, int limit);
  redis_pool& redis_;
  login_limits limits_;
};

}  // namespace lifelong::services
