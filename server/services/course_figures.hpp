#pragma once
// A teacher's own figures for one course: how many started, enrolled and completed it,
// and for each lesson how many watched and completed it, and where viewers stop watching
// (a retention curve read from the watched-seconds bitmaps).
#include <cstdint>
#include <string>
#include <vector>

#include "common/mysql_pool.hpp"

namespace lifelong::services {

constexpr int retention_points = 20;       // one every 5 % of the lesson
constexpr int retention_max_viewers = 20000;  // the latest viewers a curve is drawn from

struct lesson_figures {
  std::uint64_t id = 0;
  int position = 0;
  std::string title;
  std::uint32_t duration_s = 0;
  std::uint64_t viewers = 0;    // people who played any of it
  std::uint64_t completed = 0;  // ... 90 % or more
  std::uint64_t seconds = 0;    // distinct seconds played, all viewers together
  // Share of the viewers (0..1) who played the middle second of each twentieth.
  std::vector<double> retention;
};

struct course_figures {
  std::uint64_t started = 0;
  std::uint64_t enrolled = 0;
  std::uint64_t completed = 0;
  std::vector<lesson_figures> lessons;
};

course_figures figures_of_course(mysql_pool& db, std::uint64_t course_id);

}  // namespace lifelong::services
