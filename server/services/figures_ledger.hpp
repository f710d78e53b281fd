#pragma once
// Adds one event to the running sums behind the area figures (schema 012_figures.sql):
// to the rows of the day for the person's home community and every unit above it, for
// the course and for all courses. Call it inside the transaction that records the event,
// so the sums can never disagree with what was recorded.
#include <cstdint>
#include <optional>
#include <vector>

namespace sql {
class Connection;
}

namespace lifelong::services {

struct figures_event {
  int registrations = 0;  // +1 a person came to live here, -1 moved away
  unsigned starters = 0;
  unsigned enrolments = 0;
  unsigned completions = 0;
  double credits = 0;
  std::uint64_t seconds = 0;
  bool empty() const { return !registrations && !starters && !enrolments && !completions && !seconds && !credits; }
};

// The unit and every unit above it, the city last.
std::vector<std::uint64_t> unit_and_above(sql::Connection& db, std::uint64_t unit);

// `course_id` 0 adds to the all-courses rows only. `community` is where the person lives;
// when not given, their home now. Nothing is added for people without a home community.
void add_to_figures(sql::Connection& db, std::uint64_t user_id, std::uint64_t course_id, const figures_event& e,
                    std::optional<std::uint64_t> community = std::nullopt);

// A person's first report of the day at home: counts them as learning today, by
// the day they last learned before (schema 014_learners.sql). Call after writing their
// learning_days row, in the same transaction.
void add_learning_day(sql::Connection& db, std::uint64_t user_id);

}  // namespace lifelong::services
