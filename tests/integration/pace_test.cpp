// Credits only for watching (issue 15, item 5): new seconds are bounded by the time the
// server has seen the person watch, and previews of unpublished or own courses record
// nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <vector>

#include "env.hpp"
#include "org_fixture.hpp"
#include "storage/sql.hpp"
#include "test_server.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}
}  // namespace

namespace {
// A course of `lessons` ready lessons of 100 s each by `teacher`, in the given status;
// returns the lessons' ids.
std::vector<std::uint64_t> course_with_lessons(const signed_in& teacher, const std::string& status, int lessons = 1) {
  const auto course = complete_course(teacher, unique_name("学分"));
  for (int i = 1; i < lessons; ++i)
    EXPECT_EQ(request(port(), "POST", "/api/v1/courses/" + std::to_string(course) + "/lessons",
                      nlohmann::json{{"title", "第" + std::to_string(i + 1) + "课"}}.dump(),
                      "Content-Type: application/json\r\n" + teacher.with_csrf())
                  .status,
              201);
  std::vector<std::uint64_t> ids;
  test_server::get().application->db.with([&](sql::Connection& db) {
    auto ready = lifelong::storage::prepare(
        db, "UPDATE lessons SET status = 'ready', media_version = 1, duration_ms = 100400 WHERE course_id = ?");
    ready->setUInt64(1, course);
    ready->executeUpdate();
    auto set = lifelong::storage::prepare(db, "UPDATE courses SET status = ? WHERE id = ?");
    set->setString(1, status == "published" ? "draft" : status);
    set->setUInt64(2, course);
    set->executeUpdate();
    auto id = lifelong::storage::prepare(db, "SELECT id FROM lessons WHERE course_id = ? ORDER BY position");
    id->setUInt64(1, course);
    lifelong::storage::rows r(id->executeQuery());
    while (r->next()) ids.push_back(r->getUInt64(1));
  });
  if (status == "published") publish_directly(course);
  return ids;
}

int rows_of(const std::string& table, std::uint64_t user) {
  return test_server::get().application->db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(db, ("SELECT COUNT(*) FROM " + table + " WHERE user_id = ?").c_str());
    st->setUInt64(1, user);
    lifelong::storage::rows r(st->executeQuery());
    r->next();
    return r->getInt(1);
  });
}
}  // namespace

TEST(Hardening, PaceNewSecondsAreBoundedByTheTimeTheServerHasSeenThePersonWatch) {
  auto& app = *test_server::get().application;
  auto teacher = sign_up(true);
  auto learner = sign_up();
  const auto as_learner = actor_of(learner);
  const auto lessons = course_with_lessons(teacher, "published", 2);
  // The shipped rules (the shared test server relaxes them for the other tests).
  lifelong::services::progress_service strict(app.db, app.courses, nullptr, lifelong::services::pace_rules{});
  const lifelong::services::progress_report whole_day{{{0, 86400}}};
  auto first = strict.report(as_learner, lessons[0], whole_day);
  EXPECT_EQ(first.lesson_percent, 10);  // a fresh start: 10 s of 100, not the lesson
  EXPECT_TRUE(first.capped);
  EXPECT_FALSE(first.credits_awarded);
  // Asking again and again, or for the course's other lesson, adds next to nothing: the
  // budget is the course's, and only time refills it.
  int more = 0;
  for (int i = 0; i < 5; ++i) more += strict.report(as_learner, lessons[i % 2], whole_day).lesson_percent;
  EXPECT_LE(more, 5 * 10 + 2);  // before: 10 s more with every report
  // Leaving the course and coming back (which forgets the enrolment) starts no new slack.
  const auto course = app.courses.lesson(lessons[0]).value().course_id;
  int last = 10;
  for (int i = 0; i < 3; ++i) {
    app.learning.leave(as_learner, course);
    last = strict.report(as_learner, lessons[0], whole_day).lesson_percent;
  }
  EXPECT_LE(last, 11);  // before: 10 s more each time
  const auto after_burst = strict.report(as_learner, lessons[0], {}).lesson_percent;
  EXPECT_LE(after_burst, 11);
  // 20 s later (the clock moved back, not waited for): 20 × 1.5 more, the earliest first.
  app.db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(
        db, "UPDATE course_credit_clocks SET credit_clock = credit_clock - INTERVAL 20 SECOND WHERE user_id = ?");
    st->setUInt64(1, learner.id);
    st->executeUpdate();
  });
  auto later = strict.report(as_learner, lessons[0], whole_day);
  EXPECT_GE(later.lesson_percent, after_burst + 30);
  EXPECT_LE(later.lesson_percent, after_burst + 33);  // the moments the test itself takes count too
  EXPECT_FALSE(later.course_completed);
  // An honest report within the budget is credited whole, and says so.
  app.db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(
        db, "UPDATE course_credit_clocks SET credit_clock = credit_clock - INTERVAL 100 SECOND WHERE user_id = ?");
    st->setUInt64(1, learner.id);
    st->executeUpdate();
  });
  auto rest = strict.report(as_learner, lessons[0], {{{0, 100.4}}});
  EXPECT_FALSE(rest.capped);
  EXPECT_TRUE(rest.lesson_completed);
}

TEST(Hardening, PreviewsOfUnpublishedOrOwnCoursesRecordNothing) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.street);
  auto reviewer = sign_up_as("reviewer", t.district_a);
  const auto draft_lesson = course_with_lessons(teacher, "draft")[0];
  const auto submitted_lesson = course_with_lessons(teacher, "submitted")[0];
  const auto own_lesson = course_with_lessons(teacher, "published")[0];
  const std::string json = "Content-Type: application/json\r\n";
  const std::string whole = R"({"ranges":[[0,100]]})";
  for (const auto& [who, lesson] : {std::pair{teacher, draft_lesson}, std::pair{reviewer, submitted_lesson},
                                    std::pair{teacher, own_lesson}}) {
    auto r = request(port(), "POST", "/api/v1/lessons/" + std::to_string(lesson) + "/progress", whole,
                     json + who.with_csrf());
    ASSERT_EQ(r.status, 200) << r.body;
    const auto state = nlohmann::json::parse(r.body);
    EXPECT_TRUE(state["preview"].get<bool>());
    EXPECT_FALSE(state["course"]["completed"].get<bool>());  // before: the draft's credits, to its own teacher
  }
  for (const auto& who : {teacher, reviewer}) {
    EXPECT_EQ(rows_of("enrolments", who.id), 0);
    EXPECT_EQ(rows_of("lesson_progress", who.id), 0);
    EXPECT_EQ(rows_of("course_completions", who.id), 0);
  }
}
