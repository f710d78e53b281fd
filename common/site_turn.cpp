#include "site_turn.hpp"

namespace lifelong {

bool take_site_turn(redis_pool& redis, const std::string& name, std::chrono::milliseconds period) {
  const auto got = redis.command({"SET", "lifelong:turn:" + name, "taken", "NX", "PX", std::to_string(period.count())});
  return !got.is_nil();  // nil: another process has it
}

}  // namespace lifelong
