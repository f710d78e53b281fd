#pragma once
// Makes "stuck in transcoding" impossible: a lesson that has been queued or transcoding
// for too long with no job for it left in the stream (its entry was lost: Redis lost
// data, or queuing failed after the upload was stored) gets a new job. Lessons whose
// job is still in the stream are left alone: a backlog drains, and a job held by a dead
// worker is taken over by the consumer group (XAUTOCLAIM).
#include <chrono>
#include <filesystem>

#include "common/mysql_pool.hpp"
#include "common/redis_client.hpp"

namespace lifelong::transcoder {

class watchdog {
 public:
  watchdog(mysql_pool& db, redis_pool& redis, std::filesystem::path media_dir, std::chrono::minutes stuck_after)
      : db_(db), redis_(redis), media_dir_(std::move(media_dir)), stuck_after_(stuck_after) {}

  // One pass; returns how many lessons were queued again. Only one worker sweeps at a
  // time (a short Redis lock), so several transcoders do not queue a lesson twice.
  int sweep();

 private:
  mysql_pool& db_;
  redis_pool& redis_;
  std::filesystem::path media_dir_;
  std::chrono::minutes stuck_after_;
};

}  // namespace lifelong::transcoder
