#pragma once
// xAPI 1.0.3 statements for the credit bank: a learner registered for a course,
// launched a lesson, progressed in a course, completed it. Verbs are ADL's standard
// IRIs; courses and lessons are activities <activity_base>/courses/<id> and
// <activity_base>/lessons/<id>. The actor is an account (<activity_base>, the user id):
// the bank matches accounts, and no name or phone number leaves the portal.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace lifelong::xapi {

inline constexpr const char* verb_registered = "http://adlnet.gov/expapi/verbs/registered";
inline constexpr const char* verb_launched = "http://adlnet.gov/expapi/verbs/launched";
inline constexpr const char* verb_progressed = "http://adlnet.gov/expapi/verbs/progressed";
inline constexpr const char* verb_completed = "http://adlnet.gov/expapi/verbs/completed";
inline constexpr const char* activity_course = "http://adlnet.gov/expapi/activities/course";
inline constexpr const char* activity_lesson = "http://adlnet.gov/expapi/activities/lesson";
// cmi5's progress extension (0–100), the usual way to say how far a learner got.
inline constexpr const char* progress_extension = "https://w3id.org/xapi/cmi5/result/extensions/progress";

struct activity {
  std::uint64_t id = 0;
  std::string title;
};

class statement_maker {
 public:
  explicit statement_maker(std::string activity_base) : base_(std::move(activity_base)) {}

  nlohmann::json registered(std::uint64_t user_id, const activity& course) const;
  nlohmann::json launched(std::uint64_t user_id, const activity& lesson, const activity& course) const;
  nlohmann::json progressed(std::uint64_t user_id, const activity& course, int percent) const;
  nlohmann::json completed(std::uint64_t user_id, const activity& course, double credits) const;

 private:
  std::string base_;
  nlohmann::json make(std::uint64_t user_id, const char* verb, const char* verb_name, nlohmann::json object) const;
  nlohmann::json course_object(const activity& course) const;
};

// A random (version 4) UUID, lower-case, as statement ids are written.
std::string new_uuid();
// Now in UTC, ISO 8601 with milliseconds ("2026-11-23T07:00:00.123Z").
std::string utc_timestamp();

}  // namespace lifelong::xapi
