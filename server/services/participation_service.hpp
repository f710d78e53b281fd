#pragma once
// Participation figures for an administrator's area: its whole subtree rolled up, and
// each unit directly below it side by side, for a period of days (China time).
// People count under their home community; the roll-up of the children is the parent by
// construction. Sums come from unit_day_figures (012_figures.sql), kept by each event;
// active learners are people counted once per period, from unit_day_learners (014).
#include <cstdint>
#include <string>
#include <vector>

#include "common/replica_reads.hpp"
#include "org_service.hpp"

namespace lifelong::services {

struct participation {
  std::uint64_t population = 0;  // residents as entered for the unit (the target's base)
  std::uint64_t registered = 0;  // accounts whose home was here at the end of the period
  std::uint64_t active = 0;      // people who learned on any day of the period
  std::uint64_t active_7d = 0;   // ... on any of the 7 days ending with the period
  std::uint64_t active_30d = 0;  // ... of the 30 days ending with it
  std::uint64_t enrolments = 0;  // made in the period by people living here then
  std::uint64_t completions = 0;
  double credits = 0;            // awarded with those completions
  std::uint64_t seconds = 0;     // distinct seconds of lessons newly played in the period
  std::uint64_t activities = 0;  // offline classes and events held in the period
  std::uint64_t attendance = 0;  // people who came to them, as recorded
  // Satisfaction: ratings last given in the period by people living here then
  // (rating_service.hpp), their stars' sum, and how many gave 4 or 5.
  std::uint64_t ratings = 0;
  std::uint64_t rating_stars = 0;
  std::uint64_t satisfied = 0;
  double rate() const { return population ? double(active) / double(population) : 0; }
  double rating_average() const { return ratings ? double(rating_stars) / double(ratings) : 0; }
  double satisfied_share() const { return ratings ? double(satisfied) / double(ratings) : 0; }
};

struct unit_figures {
  org_unit unit;
  participation figures;
};

struct area_figures {
  unit_figures total;                  // the asked unit, everything below it included
  std::vector<unit_figures> children;  // each unit directly below it, by name
};

// Sums of one slice of an area's learning in the period (a week, a category, a course...).
struct slice_figures {
  std::string key;             // the week's or month's first day, a category or group code, a course id
  std::string name;            // a course's title (categories and groups are named by the page)
  std::string extra;           // a course's category code
  std::uint64_t active = 0;    // people who learned (trends only: each once in the slice)
  std::uint64_t starters = 0;  // people who started a course in it
  std::uint64_t enrolments = 0;
  std::uint64_t completions = 0;
  double credits = 0;
  std::uint64_t seconds = 0;
  std::uint64_t ratings = 0;  // trends only: ratings last given in the slice, and of them 4 or 5 stars
  std::uint64_t satisfied = 0;
  std::uint64_t rating_stars = 0;
};

struct area_breakdown {
  std::string trend_by;                    // "week" (Monday first) or "month"
  std::vector<slice_figures> trend;        // every week or month of the period, empty ones too
  std::vector<slice_figures> categories;   // courses' categories, most watched first
  std::vector<slice_figures> groups;       // learner groups; a course for two groups counts in both
  std::vector<slice_figures> top_courses;  // the ten most watched courses (seconds), then new learners
};

class participation_service {
 public:
  // Figures may be a moment old: they are read from the replica when there is one.
  participation_service(replica_reads& reads, org_service& units) : db_(reads), units_(units) {}
  // For the administrators of `unit` only. `from` and `to` are "YYYY-MM-DD", both
  // included, checked by the caller.
  area_figures of(const actor& who, std::uint64_t unit, const std::string& from, const std::string& to);
  // Trend (by "week" or "month"), the split by category and learner group, top courses.
  // Categories and groups come as codes: the page names them in the reader's language.
  area_breakdown breakdown(const actor& who, std::uint64_t unit, const std::string& from, const std::string& to,
                           const std::string& by);

 private:
  replica_reads& db_;
  org_service& units_;
};

}  // namespace lifelong::services
