#pragma once
// Failed sign-ins counted in Redis per account and per address, in a fixed window. Past
// the limit, sign-in is refused before the password is checked (429 with Retry-After),
// so guessing costs the guesser time, not the server argon2 work.
#include <chrono>
#include <cstdint>
#include <string>

#include "common/redis_client.hpp"

namespace lifelong::services {

struct login_limits {
  int per_account = 5;    // failures per account name in one window
  int per_address = 30;   // failures from one address in one window (a shared family router)
  std::chrono::seconds window{15 * 60};
};

class login_limiter {
 public:
  login_limiter(redis_pool& redis, login_limits limits) : redis_(redis), limits_(limits) {}

  // Seconds to wait when either count is at its limit; 0 when a try is allowed.
  std::int64_t wait_seconds(const std::string& username, const std::string& address);
  void failed(const std::string& username, const std::string& address);
  void succeeded(const std::string& username);  // clears the account's count

 private:
  static std::string account_key(const std::string& username);
  static std::string address_key(const std::string& address);
  redis_pool& redis_;
  login_limits limits_;
};

}  // namespace lifelong::services
