// Schema, users, courses and enrolments against the real MariaDB.
#include <cppconn/connection.h>
#include <gtest/gtest.h>

#include <future>
#include <set>
#include <thread>

#include "common/migrations.hpp"
#include "env.hpp"
#include "services/course_service.hpp"
#include "services/error.hpp"
#include "services/learning_service.hpp"
#include "services/user_service.hpp"
#include "storage/sql.hpp"

using namespace lifelong;

class Database : public ::testing::Test {
 protected:
  config cfg = test_env::integration_config();
  mysql_pool db{cfg.mysql};
  redis_pool redis{cfg.redis};
  shared_version catalog_version{redis, catalog_version_key};
  shared_version course_version{redis, course_version_key};
  services::user_service users{db};
  replica_reads reads{db, cfg.mysql};  // no replica: the primary
  services::course_service courses{db, reads, catalog_version, course_version};
  services::learning_service learning{db, courses};

  std::uint64_t new_user(const std::string& display = "测试用户") {
    return users.register_user({test_env::unique_name("u"), display, "a long password", std::nullopt});
  }
  // Services take the person acting; a teacher here holds the role city-wide.
  services::actor new_teacher(const std::string& display = "测试老师") {
    services::actor who;
    who.user_id = new_user(display);
    who.roles = {"teacher"};
    return who;
  }
  void publish(std::uint64_t course) {
    db.with([&](sql::Connection& c) {
      auto st = storage::prepare(c, "UPDATE courses SET status = 'published' WHERE id = ?");
      st->setUInt64(1, course);
      st->execute();
    });
  }
};

TEST_F(Database, SchemaAppliesOnceAndHasTheCategories) {
  auto conn = db.connect();
  EXPECT_TRUE(apply_migrations(*conn, LIFELONG_SOURCE_DIR "/config/schema").empty());  // already applied
  // The 14 of the plans (site administrators may have added more; see catalog_test).
  std::set<std::string> codes;
  for (const auto& c : courses.categories()) codes.insert(c.code);
  for (const char* code : {"law", "ethics", "health", "family", "vocational", "science", "arts", "leisure", "fitness",
                           "ageing", "safety", "anti_fraud", "digital", "sign_language"})
    EXPECT_EQ(codes.count(code), 1u) << code;
}

TEST_F(Database, ChineseTextRoundTrips) {
  const std::string title = "老年大学防范诈骗";
  const std::string summary = "识别“冒充公检法”骗局 🙂 — emoji and quotes too";
  auto teacher = new_teacher("王老师");
  services::actor learner;
  learner.user_id = new_user("李阿姨");
  auto course = courses.create(teacher, {title, summary, "anti_fraud", 1.5, {}});
  auto lesson = courses.add_lesson(teacher, course, "第一课：接到陌生电话怎么办");
  EXPECT_THROW(learning.enrol(learner, course), services::error);  // a draft is no one's to enrol in
  publish(course);
  learning.enrol(learner, course);
  learning.enrol(learner, course);  // idempotent

  auto found = courses.find(course);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->title, title);
  EXPECT_EQ(found->summary, summary);
  EXPECT_EQ(found->teacher_name, "王老师");
  EXPECT_DOUBLE_EQ(found->credits, 1.5);
  EXPECT_EQ(courses.lesson(lesson)->title, "第一课：接到陌生电话怎么办");
  EXPECT_TRUE(learning.is_enrolled(learner.user_id, course));
  EXPECT_EQ(learning.enrolled_course_ids(learner.user_id), std::vector<std::uint64_t>{course});
  EXPECT_EQ(users.find(learner.user_id)->display_name, "李阿姨");
}

TEST_F(Database, DuplicateUserNameIsAConflict) {
  const auto name = test_env::unique_name("dup");
  users.register_user({name, "A", "a long password", std::nullopt});
  try {
    users.register_user({name, "B", "another password", std::nullopt});
    FAIL() << "a duplicate name was accepted";
  } catch (const services::error& e) {
    EXPECT_EQ(e.kind, services::refusal::conflict);
  }
}

TEST_F(Database, BadRegistrationsNameTheField) {
  auto field_of = [&](services::new_user u) {
    try {
      users.register_user(u);
    } catch (const services::error& e) {
      return e.field;
    }
    return std::string("accepted");
  };
  EXPECT_EQ(field_of({"x", "A", "a long password", std::nullopt}), "username");
  EXPECT_EQ(field_of({test_env::unique_name(), "", "a long password", std::nullopt}), "display_name");
  EXPECT_EQ(field_of({test_env::unique_name(), "A", "short", std::nullopt}), "password");
  EXPECT_EQ(field_of({test_env::unique_name(), "A", "a long password", 999999999}), "org_unit_id");
}

TEST_F(Database, AuthenticationNeedsTheRightPassword) {
  const auto name = test_env::unique_name("auth");
  users.register_user({name, "A", "right password", std::nullopt});
  EXPECT_TRUE(users.authenticate(name, "right password"));
  EXPECT_FALSE(users.authenticate(name, "wrong password"));
  EXPECT_FALSE(users.authenticate(test_env::unique_name("nobody"), "right password"));
}

TEST_F(Database, PublishingNeedsEveryLessonReady) {
  auto teacher = new_teacher();
  auto course = courses.create(teacher, {"课程", "", "health", 1, {}});
  EXPECT_THROW(courses.require_complete(course), services::error);  // no lessons
  courses.add_lesson(teacher, course, "一");
  EXPECT_THROW(courses.require_complete(course), services::error);  // not transcoded
  EXPECT_EQ(courses.find(course)->status, "draft");
}

TEST_F(Database, PositionsAreClampedToTheLessonLength) {
  auto teacher = new_teacher();
  auto course = courses.create(teacher, {"课程", "", "health", 1, {}});
  auto lesson = courses.add_lesson(teacher, course, "一");
  db.with([&](sql::Connection& c) {
    auto st = storage::prepare(c, "UPDATE lessons SET duration_ms = 60000 WHERE id = ?");
    st->setUInt64(1, lesson);
    st->execute();
  });
  learning.save_position(teacher, lesson, 12345);
  EXPECT_EQ(learning.position(teacher.user_id, lesson), 12345u);
  learning.save_position(teacher, lesson, 99999999);
  EXPECT_EQ(learning.position(teacher.user_id, lesson), 60000u);
}

TEST_F(Database, UnknownCategoryAndEmptyTitleAreRefused) {
  auto teacher = new_teacher();
  EXPECT_THROW(courses.create(teacher, {"课程", "", "no_such_category", 1, {}}), services::error);
  EXPECT_THROW(courses.create(teacher, {"   ", "", "health", 1, {}}), services::error);
  EXPECT_THROW(courses.create(teacher, {"课程", "", "health", -1, {}}), services::error);
}

// A pool whose connections are all lent out refuses after mysql.wait_ms instead of
// letting callers pile up (the server answers 503 then; dispatch maps pool_exhausted).
TEST_F(Database, APoolWithEveryConnectionInUseRefusesAfterItsWait) {
  auto settings = cfg.mysql;
  settings.pool_size = 1;
  settings.wait_ms = 100;
  mysql_pool small(settings);
  std::promise<void> holding, release;
  std::thread holder([&] {
    small.with([&](sql::Connection&) {
      holding.set_value();
      release.get_future().wait();
    });
  });
  holding.get_future().wait();
  EXPECT_THROW(small.with([](sql::Connection&) {}), pool_exhausted);
  release.set_value();
  holder.join();
  EXPECT_NO_THROW(small.with([](sql::Connection&) {}));  // free again: lent at once
}
