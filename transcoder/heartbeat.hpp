#pragma once
// A worker's word about itself for /admin/system (common/transcoder_status.hpp): written
// when its state changes and at least every third of its lifetime, so the key lapses
// soon after the process dies. Redis being away only leaves the page without it.
#include <chrono>
#include <string>

#include "common/redis_client.hpp"
#include "common/transcoder_status.hpp"

namespace lifelong::transcoder {

class heartbeat {
 public:
  heartbeat(redis_pool& redis, std::string worker, std::chrono::seconds lifetime);
  ~heartbeat();  // a worker that stops says so at once
  heartbeat(const heartbeat&) = delete;
  heartbeat& operator=(const heartbeat&) = delete;

  void idle();
  void working(std::uint64_t lesson_id, std::uint32_t media_version, int percent);

 private:
  void say(transcoder_status next);
  redis_pool& redis_;
  std::string key_;
  std::chrono::seconds lifetime_;
  transcoder_status last_;
  std::chrono::steady_clock::time_point written_{};
};

}  // namespace lifelong::transcoder
