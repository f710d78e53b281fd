#pragma once
// A learner's record ("我的学习"): courses in progress with the lesson to continue,
// completed courses with their credits and date, total credits and hours learned.
#include <cstdint>
#include <string>
#include <vector>

#include "common/mysql_pool.hpp"
#include "course_service.hpp"

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

// How far a person is in one course, lesson by lesson (the course page when enrolled).
struct lesson_mark {
  std::uint64_t lesson_id = 0;
  int percent = 0;  // of the lesson's seconds played
  bool completed = false;
};
struct course_progress {
  std::vector<lesson_mark> played;  // the lessons they have played, the last played first
  std::string completed_at;         // UTC; empty while the course is not completed
};

// The lesson a person goes on with, among `lessons` (as they see them, in order): the
// one last played unless they finished it, then the next they have not finished, then
// the first they have not; the first that plays when they have finished all. 0: none plays.
std::uint64_t lesson_to_continue(const std::vector<lesson_row>& lessons, const course_progress& p);

class record_service {
 public:
  explicit record_service(mysql_pool& db) : db_(db) {}
  learning_record of(std::uint64_t user_id);
  course_progress in_course(std::uint64_t user_id, std::uint64_t course_id);

 private:
  mysql_pool& db_;
};

}  // namespace lifelong::services
