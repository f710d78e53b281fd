#pragma once
// Progress that resists skipping: the player reports the ranges of a lesson it actually
// played; the distinct seconds are merged per person and lesson (watched_seconds). A
// lesson is complete at 90%, a course when all its lessons are, and completing a course
// awards its credits once. One (person, course) at a time: each report locks the
// enrolment row, so two lessons finished at once cannot both miss the course's end.
// Seconds are credited no faster than the person could have watched them (pace_rules),
// and only for published courses watched by someone other than their teacher.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "common/mysql_pool.hpp"
#include "course_service.hpp"

namespace lifelong::xapi {
class outbox;
}

namespace lifelong::services {

struct progress_report {
  std::vector<std::pair<double, double>> ranges;  // seconds played, [start, end]
  // Played a version other than the approved one (its teacher or a reviewer watching
  // pending changes): recorded as a preview, never credited.
  bool unapproved_version = false;
};

// New seconds of a course are credited at most as fast as the player's fastest speed
// allows: a budget that grows by fastest_rate a second from the course's credit clock,
// starts with slack_seconds (a first report, network delays), and banks at most
// idle_seconds of a pause. Each report spends it, whichever lesson it is for, so rapid
// reports or many lessons at once gain nothing. A report claiming more gets the earliest
// seconds it claims and is told so (capped); the player sends the rest again later.
struct pace_rules {
  double fastest_rate = 1.5;  // the player's fastest speed button
  double slack_seconds = 10;
  double idle_seconds = 300;
  // Seconds that may be credited `behind` seconds after the credit clock (nullopt:
  // nothing credited in this course yet).
  double budget(std::optional<double> behind) const {
    if (!behind) return slack_seconds;
    return std::clamp(*behind * fastest_rate, 0.0, slack_seconds + idle_seconds * fastest_rate);
  }
};

struct progress_state {
  bool preview = false;  // nothing was recorded: the course is not published, or is the person's own
  bool capped = false;   // some seconds claimed were not credited yet: send them again later
  int lesson_percent = 0;
  bool lesson_completed = false;
  bool course_completed = false;
  double credits = 0;            // the course's credits once completed
  bool credits_awarded = false;  // by this very report
  bool first_of_lesson = false;  // the person's first report for this lesson
  bool first_of_course = false;  // ... and for any lesson of the course: one more learner
};

class progress_service {
 public:
  // With an outbox, the report's learning events go to the credit bank in the same
  // transaction: registered, launched (a lesson's first report), progressed (a lesson
  // completed), completed (the course).
  progress_service(mysql_pool& db, course_service& courses, const xapi::outbox* xapi = nullptr, pace_rules pace = {})
      : db_(db), courses_(courses), xapi_(xapi), pace_(pace) {}

  // Of a lesson the person may see (not_found otherwise), as they see it. The lesson must
  // be ready (conflict otherwise); enrols the person if needed. A preview (an unpublished
  // course, the teacher's own, or a version not approved yet) enrols, counts and credits
  // nothing.
  progress_state report(const actor& who, std::uint64_t lesson_id, progress_report r);

 private:
  progress_state record(std::uint64_t user_id, std::uint64_t lesson_id, const progress_report& r);
  mysql_pool& db_;
  course_service& courses_;
  const xapi::outbox* xapi_;
  pace_rules pace_;
};

constexpr std::size_t max_ranges_per_report = 500;

}  // namespace lifelong::services
