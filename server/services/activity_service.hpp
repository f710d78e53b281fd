#pragma once
// Offline classes and events: administrators record them for a unit of their area (and
// afterwards how many came); residents see the upcoming ones held by their community or
// any unit above it and sign up, never beyond the places offered.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actor.hpp"
#include "common/mysql_pool.hpp"

namespace lifelong::services {

struct new_activity {
  std::uint64_t unit_id = 0;
  std::string category;
  std::string title;
  std::string place;
  std::string starts_at;  // China time, "YYYY-MM-DDTHH:MM" (as <input type=datetime-local> sends it)
  int capacity = 0;
  std::optional<int> participants;  // how many came, for a class recorded after it was held
};

struct activity_row {
  std::uint64_t id = 0;
  std::uint64_t unit_id = 0;
  std::string unit_name;
  std::string category;
  std::string title;
  std::string place;
  std::string starts_at;     // UTC, "YYYY-MM-DD HH:MM:SS"
  std::string starts_local;  // China time, "YYYY-MM-DDTHH:MM" (for the edit form)
  int capacity = 0;
  int signups = 0;
  std::optional<int> participants;
  bool signed_up = false;  // by the person asking
  bool past = false;
  bool cancelled = false;
  bool changed = false;  // its title, place or time changed after it was announced
};

class activity_service {
 public:
  explicit activity_service(mysql_pool& db) : db_(db) {}
  // bad_request naming the field: unknown unit or category, empty or over-long title or
  // place, a time that is not YYYY-MM-DDTHH:MM, capacity outside 1..10000. A class already
  // held (up to a year back) is recorded with how many came, in one step; an upcoming one
  // without.
  std::uint64_t create(const actor& who, const new_activity& a);  // by administrators of its unit
  // An upcoming class's title, category, place, time (still upcoming) and places (not
  // below those taken); conflict activity_started once it has begun or was cancelled. The
  // people who signed up see it marked as changed.
  void update(const actor& who, std::uint64_t id, const new_activity& a);
  // Cancels an upcoming class: it leaves the figures, nobody can sign up, and those who
  // did see that it was cancelled.
  void cancel_activity(const actor& who, std::uint64_t id);
  std::optional<activity_row> find(std::uint64_t id);
  // How many came: 0..100000; refused (409) before the activity has begun or when cancelled.
  void record_participants(const actor& who, std::uint64_t id, int participants);
  // Upcoming activities held by the person's community or a unit above it, soonest
  // first (none for someone with no home); a cancelled one only for those who signed up.
  std::vector<activity_row> upcoming_for(const actor& who, int limit);
  // An administrator's list: held in the subtree of `unit`, latest first (past ones too).
  std::vector<activity_row> of_area(const actor& who, std::uint64_t unit, int limit);
  // conflict "activity_full", "activity_started" or "activity_needs_home"; not_found when
  // not held for the person's area.
  void sign_up(const actor& who, std::uint64_t activity);
  void cancel(const actor& who, std::uint64_t activity);

 private:
  std::vector<std::uint64_t> path(std::uint64_t unit);
  void check_fields(const new_activity& a);
  mysql_pool& db_;
};

}  // namespace lifelong::services
