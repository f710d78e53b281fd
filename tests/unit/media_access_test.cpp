#include <gtest/gtest.h>

#include "services/actor.hpp"
#include "services/media_access.hpp"

using namespace lifelong::services;
using namespace std::chrono_literals;

TEST(MediaAccess, RemembersUntilTheTtlPasses) {
  auto t = std::chrono::steady_clock::time_point{};
  media_access cache(5s, [&] { return t; });
  EXPECT_FALSE(cache.cached(7, 1));
  media_owner owner;
  owner.lesson.media_version = 3;
  owner.course.status = "published";
  cache.remember(7, 1, owner);
  t += 4s;
  ASSERT_TRUE(cache.cached(7, 1));
  EXPECT_EQ(cache.cached(7, 1)->lesson.media_version, 3u);
  EXPECT_FALSE(cache.cached(8, 1));
  t += 1s;
  EXPECT_FALSE(cache.cached(7, 1));  // expired: the next request reads the database again
}

TEST(MediaAccess, AnAnswerReadUnderAnotherStampIsNotUsed) {
  auto t = std::chrono::steady_clock::time_point{};
  media_access cache(5s, [&] { return t; });
  cache.remember(7, 1, media_owner{});
  EXPECT_FALSE(cache.cached(7, 2));  // a course changed somewhere since: ask again
  EXPECT_FALSE(cache.cached(7, 1));  // and the old answer is gone
}

namespace {
// A published course whose lesson was approved at version 2 and has a new video, 3.
media_owner replaced_video() {
  media_owner o;
  o.course.status = "published";
  o.course.teacher_id = 10;
  o.lesson.status = "ready";
  o.lesson.media_version = 3;
  o.lesson.published_version = 2;
  o.lesson.duration_ms = 90000;
  o.lesson.published_duration_ms = 60000;
  return o;
}
lifelong::services::session person(std::uint64_t id) {
  lifelong::services::session s;
  s.user_id = id;
  return s;
}
}  // namespace

TEST(PendingChanges, LearnersFetchOnlyTheApprovedVersion) {
  const auto o = replaced_video();
  const auto learner = person(20);
  EXPECT_TRUE(may_fetch(o, &learner, 2));
  EXPECT_TRUE(may_fetch(o, nullptr, 2));    // a whole-city course: anonymous visitors too
  EXPECT_FALSE(may_fetch(o, &learner, 3));  // the new video waits for review
  EXPECT_FALSE(may_fetch(o, &learner, 1));
  const auto seen = seen_by(o.lesson, o.course, &learner);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->media_version, 2u);
  EXPECT_EQ(seen->duration_ms, 60000u);
}

TEST(PendingChanges, TheTeacherSeesTheWorkingCopy) {
  const auto o = replaced_video();
  const auto teacher = person(10);
  EXPECT_TRUE(may_fetch(o, &teacher, 3));
  EXPECT_TRUE(may_fetch(o, &teacher, 2));
  EXPECT_EQ(seen_by(o.lesson, o.course, &teacher)->media_version, 3u);
}

TEST(PendingChanges, ALessonAddedSinceApprovalIsHiddenFromLearners) {
  auto o = replaced_video();
  o.lesson.published_version = 0;
  const auto learner = person(20), teacher = person(10);
  EXPECT_FALSE(seen_by(o.lesson, o.course, &learner));
  EXPECT_FALSE(may_fetch(o, &learner, 3));
  EXPECT_FALSE(may_fetch(o, &learner, 0));  // nor its captions
  EXPECT_TRUE(may_fetch(o, &teacher, 3));
}

TEST(PendingChanges, WhileTheNewVideoIsTranscodedLearnersKeepTheOldOne) {
  auto o = replaced_video();
  o.lesson.status = "transcoding";
  const auto learner = person(20);
  const auto seen = seen_by(o.lesson, o.course, &learner);
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->status, "ready");
  EXPECT_TRUE(may_fetch(o, &learner, 2));
}
