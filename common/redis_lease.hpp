#pragma once
// Locks that every process of the site agrees on, such as "one request writes this
// upload at a time" when two PATCHes reach two servers: a key in Redis, set only if
// absent, holding a random value that names this holder, expiring unless renewed. A
// keeper thread renews every lease held each third of its lifetime, so a lease outlives
// a long request, and the lease of a process that died frees itself within one
// lifetime. A lease is released where the last copy of its handle goes: at once on the
// blocking pool, by the keeper thread on an event loop (which must not block).
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "redis_client.hpp"

namespace lifelong {

class lease_keeper {
 public:
  lease_keeper(redis_pool& redis, std::string prefix, std::chrono::milliseconds lifetime);
  ~lease_keeper();
  lease_keeper(const lease_keeper&) = delete;
  lease_keeper& operator=(const lease_keeper&) = delete;

  // Blocking. The lease on `name`, or empty when another holder has it; throws
  // redis_error when Redis cannot be asked.
  std::shared_ptr<void> try_take(const std::string& name);

 private:
  // Shared with every handle, so a handle dropped after the keeper is gone is harmless.
  struct state {
    state(redis_pool& r, std::chrono::milliseconds l) : redis(r), lifetime(l) {}
    redis_pool& redis;
    std::chrono::milliseconds lifetime;
    std::mutex mutex;
    std::condition_variable wake;
    std::map<std::string, std::string> held;                      // key -> holder value
    std::vector<std::pair<std::string, std::string>> to_release;  // handed over by event loops
    bool stopping = false;
    void release(const std::string& key, const std::string& holder);  // blocking
  };
  static void keep(const std::shared_ptr<state>& s);  // the keeper thread

  std::string prefix_;
  std::shared_ptr<state> state_;
  std::thread thread_;
};

}  // namespace lifelong
