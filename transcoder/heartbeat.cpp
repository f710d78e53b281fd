#include "heartbeat.hpp"

#include <spdlog/spdlog.h>

namespace lifelong::transcoder {

heartbeat::heartbeat(redis_pool& redis, std::string worker, std::chrono::seconds lifetime)
    : redis_(redis), key_(transcoder_status_prefix + worker), lifetime_(lifetime) {
  last_.worker = std::move(worker);
  last_.state.clear();  // nothing said yet
}

heartbeat::~heartbeat() {
  try {
    redis_.command({"DEL", key_});
    redis_.command({"ZREM", transcoder_registry_key, last_.worker});
  } catch (const std::exception&) {
  }
}

void heartbeat::idle() {
  transcoder_status next;
  next.worker = last_.worker;
  say(next);
}

void heartbeat::working(std::uint64_t lesson_id, std::uint32_t media_version, int percent) {
  transcoder_status next;
  next.worker = last_.worker;
  next.state = "working";
  next.lesson_id = lesson_id;
  next.media_version = media_version;
  next.percent = percent;
  say(next);
}

void heartbeat::say(transcoder_status next) {
  const auto now = std::chrono::steady_clock::now();
  const bool same_state =
      next.state == last_.state && next.lesson_id == last_.lesson_id && next.media_version == last_.media_version;
  if (same_state && next.percent == last_.percent && now - written_ < lifetime_ / 3) return;
  next.since =
      same_state ? last_.since
                 : std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
                       .count();
  try {
    redis_.command({"SET", key_, to_json(next), "EX", std::to_string(lifetime_.count())});
    const auto lapses = std::chrono::duration_cast<std::chrono::milliseconds>(
        (std::chrono::system_clock::now() + lifetime_).time_since_epoch());
    redis_.command({"ZADD", transcoder_registry_key, std::to_string(lapses.count()), next.worker});
    last_ = next;
    written_ = now;
  } catch (const redis_error& e) {
    spdlog::debug("heartbeat: {}", e.what());
  }
}

}  // namespace lifelong::transcoder
