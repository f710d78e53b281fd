#include "desk_service.hpp"

#include <spdlog/spdlog.h>

#include "permissions.hpp"

namespace lifelong::services {

std::string desk_service::reset_password(const actor& who, std::uint64_t user_id) {
  require_card_handler(users_.find(user_id), who);
  // Sessions first: with Redis away nothing changes (a 503), rather than a password
  // nobody was shown while the old sessions live on.
  sessions_.destroy_all(user_id);
  auto temporary = users_.set_temporary_password(who, user_id);
  spdlog::info("desk: staff member {} reset the password of user {}", who.user_id, user_id);
  return temporary;
}

}  // namespace lifelong::services
