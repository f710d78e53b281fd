#include "media_access.hpp"

namespace lifelong::services {

std::optional<media_owner> media_access::cached(std::uint64_t lesson_id, std::uint64_t stamp) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(lesson_id);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.stamp != stamp || now_() >= it->second.expires) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.owner;
}

void media_access::remember(std::uint64_t lesson_id, std::uint64_t stamp, media_owner owner) {
  std::lock_guard lock(mutex_);
  if (entries_.size() > 100000) entries_.clear();  // a crude bound; lessons are few
  entries_[lesson_id] = {std::move(owner), stamp, now_() + ttl_};
}

std::optional<media_owner> media_access::look_up(course_service& courses, std::uint64_t lesson_id) {
  auto lesson = courses.lesson(lesson_id);
  if (!lesson) return std::nullopt;
  auto course = courses.find(lesson->course_id);
  if (!course) return std::nullopt;
  return media_owner{*lesson, *course};
}

bool may_fetch(const media_owner& o, const actor* who, std::uint32_t version) {
  if (!can_view(o.course, who)) return false;
  const auto seen = seen_by(o.lesson, o.course, who);
  if (!seen) return false;
  if (version == 0) return true;
  if (seen->status == "ready" && seen->media_version == version) return true;
  return o.course.status == "published" && o.lesson.published_version == version;
}

}  // namespace lifelong::services
