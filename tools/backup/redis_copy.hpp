#pragma once
// Redis's state (sessions, the transcode queue with its consumer group and pending jobs,
// cache stamps) as one file: each key's DUMP and when it expires, one JSON line per key.
// Written from a running Redis and restored into a running one, so no service is stopped.
#include <cstddef>
#include <filesystem>

#include "common/redis_client.hpp"

namespace lifelong::backup {

// Every key of the database; returns how many were written.
std::size_t save_redis(redis_pool& redis, const std::filesystem::path& file);
// RESTOREs each key of the file that has not expired since; returns how many. Throws
// when a key is there already (a restore goes into an empty Redis).
std::size_t load_redis(redis_pool& redis, const std::filesystem::path& file);

}  // namespace lifelong::backup
