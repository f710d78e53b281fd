#pragma once
// A learner's record ("我的学习"): courses in progress with the lesson to continue,
// completed courses with their credits and date, total credits and hours learned.
#include <cstdint>
#include <string>
#include <vector>

#include "common/mysql_pool.hpp"

namespace lifelong::services {

struct record_course {
  std::uint64_t course_id = 0;
  std::string title;
  int percent = 0;                    // distinct seconds played of the whole course
  std::uint64_t continue_lesson = 0;  // the lesson last played, else the first
  std::string completed_at;           // UTC "YYYY-MM-DD HH:MM:SS"; empty while in progress
  double credits = 0;                 // awarded (completed) or on offer (in progress)
};

struct learning_record {
  std::vector<record_course> in_progress;  // most recently played first
  std::vector<record_course> completed;    // most recently completed first
  double total_credits = 0;
  double hours = 0;  // distinct seconds played, in hours
};

class record_service {
 public:
  explicit record_service(mysql_pool& db) : db_(db) {}
  learning_record of(std::uint64_t user_id);

 private:
  mysql_pool& db_;
};

}  // namespace lifelong::services
