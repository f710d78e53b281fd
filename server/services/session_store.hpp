#pragma once
// Sessions live in Redis under the SHA-256 of their id, so a copy of Redis holds no
// usable cookie. Idle expiry is the key's TTL; absolute expiry is checked on load.
#include <chrono>
#include <optional>
#include <string>

#include "common/redis_client.hpp"
#include "actor.hpp"

namespace lifelong::services {

struct session_lifetimes {
  std::chrono::seconds idle{24 * 3600};
  std::chrono::seconds absolute{30 * 24 * 3600};
};

class session_store {
 public:
  session_store(redis_pool& redis, session_lifetimes lifetimes) : redis_(redis), lifetimes_(lifetimes) {}

  // A new session for `identity` (who, roles, home, how they signed in) with a fresh id
  // and CSRF token: a new id at every sign-in.
  services::session create(services::session identity);
  // nullopt when unknown, idle too long or past its absolute lifetime. Refreshes idle expiry.
  std::optional<services::session> load(const std::string& id);
  void destroy(const std::string& id);
  // After a change of name, home or roles: every live session of the person takes the
  // new identity at once (sessions from a learning card keep no roles).
  void refresh(const session& identity);
  // Ends every session of the person ("sign out everywhere", a changed password).
  void destroy_all(std::uint64_t user_id);

 private:
  static std::string key(const std::string& id);
  static std::string user_key(std::uint64_t user_id);  // the set of that person's session keys
  redis_pool& redis_;
  session_lifetimes lifetimes_;
};

}  // namespace lifelong::services
