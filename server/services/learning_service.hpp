#pragma once
// Enrolments and the position each learner reached in each lesson.
#include <cstdint>
#include <string>
#include <vector>

#include "common/mysql_pool.hpp"
#include "course_service.hpp"

namespace lifelong::xapi {
class outbox;
}

namespace lifelong::services {

class learning_service {
 public:
  // With an outbox, a new enrolment is recorded for the credit bank ("registered").
  learning_service(mysql_pool& db, course_service& courses, const xapi::outbox* xapi = nullptr)
      : db_(db), courses_(courses), xapi_(xapi) {}

  // A published course offered to the person (not_found otherwise). Idempotent.
  void enrol(const actor& who, std::uint64_t course_id);
  // Ends the enrolment (idempotent). What was learned stays: progress, completions and
  // credits are kept, so enrolling again continues where the person stopped.
  void leave(const actor& who, std::uint64_t course_id);  // a course they can see
  bool is_enrolled(std::uint64_t user_id, std::uint64_t course_id);
  std::vector<std::uint64_t> enrolled_course_ids(std::uint64_t user_id);

  // Positions are clamped to the lesson's length, so a report cannot claim more.
  void save_position(const actor& who, std::uint64_t lesson_id, std::uint32_t position_ms);  // of a lesson they see
  std::uint32_t position(std::uint64_t user_id, std::uint64_t lesson_id);

 private:
  mysql_pool& db_;
  course_service& courses_;
  const xapi::outbox* xapi_;
};

// The course's title, for xAPI statements (empty if there is no such course).
std::string course_title(sql::Connection& db, std::uint64_t course_id);

}  // namespace lifelong::services
