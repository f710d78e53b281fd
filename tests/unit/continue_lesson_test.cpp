// Which lesson a course's big button leads to, from what the person has played.
#include <gtest/gtest.h>

#include "services/record_service.hpp"

using namespace lifelong::services;

namespace {
std::vector<lesson_row> lessons(std::initializer_list<std::pair<std::uint64_t, const char*>> rows) {
  std::vector<lesson_row> out;
  for (const auto& [id, status] : rows) {
    lesson_row l;
    l.id = id;
    l.status = status;
    out.push_back(l);
  }
  return out;
}
course_progress played(std::initializer_list<std::pair<std::uint64_t, bool>> last_first) {
  course_progress p;
  for (const auto& [id, done] : last_first) p.played.push_back({id, done ? 100 : 40, done});
  return p;
}
}  // namespace

TEST(ContinueLesson, TheLastPlayedUnlessFinishedThenTheNextNotFinished) {
  const auto course = lessons({{1, "ready"}, {2, "ready"}, {3, "queued"}, {4, "ready"}});
  EXPECT_EQ(lesson_to_continue(course, {}), 1u) << "not started: the first that plays";
  EXPECT_EQ(lesson_to_continue(course, played({{2, false}})), 2u) << "stopped midway: the same lesson";
  EXPECT_EQ(lesson_to_continue(course, played({{1, true}})), 2u) << "finished one: the next";
  EXPECT_EQ(lesson_to_continue(course, played({{2, true}, {1, true}})), 4u) << "one that does not play is passed by";
  EXPECT_EQ(lesson_to_continue(course, played({{4, true}, {2, true}})), 1u) << "the end: back to one not finished";
  EXPECT_EQ(lesson_to_continue(course, played({{4, true}, {2, true}, {1, true}})), 1u) << "all finished: the first";
  EXPECT_EQ(lesson_to_continue(course, played({{9, false}})), 1u) << "a lesson no longer in the course";
  EXPECT_EQ(lesson_to_continue(lessons({{1, "queued"}}), {}), 0u) << "nothing plays yet";
}
