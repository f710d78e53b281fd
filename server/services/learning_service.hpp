#pragma once
// Enrolments and the position each learner reached in each lesson.
#include <cstdint>
#include <vector>

#include "common/mysql_pool.hpp"

namespace lifelong::services {

class learning_service {
 public:
  explicit learning_service(mysql_pool& db) : db_(db) {}

  void enrol(std::uint64_t user_id, std::uint64_t course_id);  // idempotent
  // Ends the enrolment (idempotent). What was learned stays: progress, completions and
  // credits are kept, so enrolling again continues where the person stopped.
  void leave(std::uint64_t user_id, std::uint64_t course_id);
  bool is_enrolled(std::uint64_t user_id, std::uint64_t course_id);
  std::vector<std::uint64_t> enrolled_course_ids(std::uint64_t user_id);

  // Positions are clamped to the lesson's length, so a report cannot claim more.
  void save_position(std::uint64_t user_id, std::uint64_t lesson_id, std::uint32_t position_ms);
  std::uint32_t position(std::uint64_t user_id, std::uint64_t lesson_id);

 private:
  mysql_pool& db_;
};

}  // namespace lifelong::services
