#pragma once
// What community staff do for a resident in person at the desk: a forgotten password
// replaced by a temporary one, with every session of the old one ended, so whoever
// knew or guessed it is signed out too.
#include <cstdint>
#include <string>

#include "actor.hpp"
#include "session_store.hpp"
#include "user_service.hpp"

namespace lifelong::services {

class desk_service {
 public:
  desk_service(user_service& users, session_store& sessions) : users_(users), sessions_(sessions) {}
  // Staff of the person's home, for a learner only; the temporary password, to hand over.
  std::string reset_password(const actor& who, std::uint64_t user_id);

 private:
  user_service& users_;
  session_store& sessions_;
};

}  // namespace lifelong::services
