#include "desk_service.hpp"

namespace lifelong::services {

std::string desk_service::reset_password(const actor& who, std::uint64_t user_id) {
  auto temporary = users_.set_temporary_password(who, user_id);
  sessions_.destroy_all(user_id);
  return temporary;
}

}  // namespace lifelong::services
