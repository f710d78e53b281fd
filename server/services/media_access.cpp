#include "media_access.hpp"

namespace lifelong::services {

std::optional<media_owner> media_access::cached(std::uint64_t lesson_id) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(lesson_id);
  if (it == entries_.end()) return std::nullopt;
  if (now_() >= it->second.expires) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.owner;
}

void media_access::remember(std::uint64_t lesson_id, media_owner owner) {
  std::lock_guard lock(mutex_);
  if (entries_.size() > 100000) entries_.clear();  // a crude bound; lessons are few
  entries_[lesson_id] = {std::move(owner), now_() + ttl_};
}

std::optional<media_owner> media_access::look_up(course_service& courses, std::uint64_t lesson_id) {
  auto lesson = courses.lesson(lesson_id);
  if (!lesson) return std::nullopt;
  auto course = courses.find(lesson->course_id);
  if (!course) return std::nullopt;
  return media_owner{lesson->status == "ready" ? lesson->media_version : 0u, *course};
}

}  // namespace lifelong::services
