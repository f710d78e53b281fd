#include "statements.hpp"

#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <ctime>

namespace lifelong::xapi {

std::string new_uuid() {
  unsigned char b[16];
  randombytes_buf(b, sizeof b);
  b[6] = static_cast<unsigned char>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<unsigned char>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  char out[37];
  std::snprintf(out, sizeof out, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
                b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return out;
}

std::string utc_timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto seconds = std::chrono::system_clock::to_time_t(now);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return out;
}

nlohmann::json statement_maker::make(std::uint64_t user_id, const char* verb, const char* verb_name,
                                     nlohmann::json object) const {
  return {{"id", new_uuid()},
          {"actor", {{"objectType", "Agent"}, {"account", {{"homePage", base_}, {"name", std::to_string(user_id)}}}}},
          {"verb", {{"id", verb}, {"display", {{"en-US", verb_name}}}}},
          {"object", std::move(object)},
          {"context", {{"platform", "Lifelong"}, {"language", "zh-CN"}}},
          {"timestamp", utc_timestamp()},
          {"version", "1.0.3"}};
}

nlohmann::json statement_maker::course_object(const activity& course) const {
  return {{"objectType", "Activity"},
          {"id", base_ + "/courses/" + std::to_string(course.id)},
          {"definition", {{"type", activity_course}, {"name", {{"zh-CN", course.title}}}}}};
}

nlohmann::json statement_maker::registered(std::uint64_t user_id, const activity& course) const {
  return make(user_id, verb_registered, "registered", course_object(course));
}

nlohmann::json statement_maker::launched(std::uint64_t user_id, const activity& lesson, const activity& course) const {
  auto s = make(user_id, verb_launched, "launched",
                {{"objectType", "Activity"},
                 {"id", base_ + "/lessons/" + std::to_string(lesson.id)},
                 {"definition", {{"type", activity_lesson}, {"name", {{"zh-CN", lesson.title}}}}}});
  s["context"]["contextActivities"] = {{"parent", {course_object(course)}}};
  return s;
}

nlohmann::json statement_maker::progressed(std::uint64_t user_id, const activity& course, int percent) const {
  auto s = make(user_id, verb_progressed, "progressed", course_object(course));
  s["result"] = {{"extensions", {{progress_extension, percent}}}};
  return s;
}

nlohmann::json statement_maker::completed(std::uint64_t user_id, const activity& course, double credits) const {
  auto s = make(user_id, verb_completed, "completed", course_object(course));
  s["result"] = {{"completion", true},
                 {"extensions", {{progress_extension, 100}, {base_ + "/xapi/extensions/credits", credits}}}};
  return s;
}

}  // namespace lifelong::xapi
