#pragma once
// Work that one process of the whole site should do per period (sweeping expired
// uploads), whichever process gets there first: a key in Redis, set only if absent and
// expiring after the period. Blocking (one SET).
#include <chrono>
#include <string>

#include "redis_client.hpp"

namespace lifelong {

// True when this process has the turn for `name` until `period` has passed.
bool take_site_turn(redis_pool& redis, const std::string& name, std::chrono::milliseconds period);

}  // namespace lifelong
