#pragma once
// Courses a person keeps for later (收藏, "我的收藏"): any signed-in person, for courses
// open to them. A course that stops being offered to them stays in their list, unseen.
#include <cstdint>

#include "actor.hpp"
#include "common/mysql_pool.hpp"
#include "course_service.hpp"

namespace lifelong::services {

class favourite_service {
 public:
  // A list longer than this is no longer a shortlist; adding more is refused, with a reason.
  static constexpr int most_per_person = 500;

  favourite_service(mysql_pool& db, course_service& courses) : db_(db), courses_(courses) {}

  // Whether the person may keep this course: published and offered to them.
  static bool may_keep(const course_row& course, const actor& who);
  // A published course offered to the person (not_found otherwise). Idempotent.
  void add(const actor& who, std::uint64_t course_id);
  // Idempotent; touches only the person's own list.
  void remove(const actor& who, std::uint64_t course_id);
  bool has(const actor& who, std::uint64_t course_id);
  // Those still open to the person, newest first; `total` counts them.
  page_of_courses of(const actor& who, int offset, int limit);

 private:
  mysql_pool& db_;
  course_service& courses_;
};

}  // namespace lifelong::services
