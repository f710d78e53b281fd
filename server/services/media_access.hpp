#pragma once
// Who may fetch a lesson's media, remembered for a few seconds: a player asks for a
// playlist or segment every couple of seconds, and two database queries per request
// would make serving video many times slower than a static file server. Each answer is
// stamped with the site's course stamp (common/shared_version.hpp), so a change that
// takes access away (withdrawing a course) stops playback at once on the server that
// made it and within the stamps' refresh (half a second) on every other; the TTL bounds
// the rest. The handler re-checks any "no", so access granted (publishing) is seen at once.
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "course_service.hpp"

namespace lifelong::services {

struct media_owner {
  lesson_row lesson;
  course_row course;
};

// Whether this person may fetch the lesson's media of `version` (0: media of no version,
// such as captions): those who may see the course, the version they see of the lesson
// (seen_by), and anyone who may see the course the approved version of a published one.
bool may_fetch(const media_owner& o, const actor* who, std::uint32_t version);

class media_access {
 public:
  using clock = std::function<std::chrono::steady_clock::time_point()>;

  explicit media_access(
      std::chrono::milliseconds ttl = std::chrono::seconds(5),
      clock now = [] { return std::chrono::steady_clock::now(); })
      : ttl_(ttl), now_(std::move(now)) {}

  // The cached answer for a lesson, or nullopt when it must be looked up: none, too old,
  // or read under another stamp. Read the stamp for remember before looking the lesson up.
  std::optional<media_owner> cached(std::uint64_t lesson_id, std::uint64_t stamp);
  void remember(std::uint64_t lesson_id, std::uint64_t stamp, media_owner owner);
  // Reads the lesson and its course (blocking).
  static std::optional<media_owner> look_up(course_service& courses, std::uint64_t lesson_id);

 private:
  struct entry {
    media_owner owner;
    std::uint64_t stamp;
    std::chrono::steady_clock::time_point expires;
  };
  std::chrono::milliseconds ttl_;
  clock now_;
  std::mutex mutex_;
  std::unordered_map<std::uint64_t, entry> entries_;
};

}  // namespace lifelong::services
