// The rules of who may act (services/permissions.hpp), on made-up facts: no database.
#include <gtest/gtest.h>

#include <functional>

#include "services/error.hpp"
#include "services/permissions.hpp"

using namespace lifelong::services;

namespace {
// City 1 → district 10 → street 100 → community 1000; district 20 → street 200 → community 2000.
const std::vector<std::uint64_t> community_1000{1000, 100, 10, 1};
const std::vector<std::uint64_t> street_100{100, 10, 1};
const std::vector<std::uint64_t> community_2000{2000, 200, 20, 1};

actor person(std::uint64_t id, std::vector<std::uint64_t> home = community_1000) {
  actor a;
  a.user_id = id;
  a.home_path = std::move(home);
  return a;
}
actor holding(std::uint64_t id, const std::string& role, std::uint64_t unit) {
  auto a = person(id);
  a.roles = {role};
  a.role_units = {{role, unit}};
  return a;
}
actor site_admin(std::uint64_t id) {
  auto a = person(id);
  a.roles = {"site_admin"};
  return a;
}
actor through_card(actor a) {
  a.via_card = true;
  return a;
}

// Teacher 7's course, provided by street 100.
course_row course(const std::string& status) {
  course_row c;
  c.id = 5;
  c.teacher_id = 7;
  c.status = status;
  c.unit_path = street_100;
  return c;
}

// What the call refused with; "allowed" when it did not.
std::string outcome(const std::function<void()>& act) {
  try {
    act();
    return "allowed";
  } catch (const error& e) {
    switch (e.kind) {
      case refusal::not_found: return "not_found";
      case refusal::forbidden: return e.message_key == "errors.forbidden" ? "forbidden" : e.message_key;
      default: return "other: " + e.message_key;
    }
  }
}
}  // namespace

TEST(Permissions, ReviewersOfTheAreaDecideButNeverOnTheirOwnCourse) {
  const auto submitted = course("submitted");
  EXPECT_EQ(outcome([&] { require_decider(submitted, holding(3, "reviewer", 10)); }), "allowed");  // the district above
  EXPECT_EQ(outcome([&] { require_decider(submitted, site_admin(4)); }), "allowed");
  // A reviewer elsewhere does not even see a course that is not published.
  EXPECT_EQ(outcome([&] { require_decider(submitted, holding(3, "reviewer", 20)); }), "not_found");
  // The teacher sees it, but may not approve it.
  EXPECT_EQ(outcome([&] { require_decider(submitted, holding(7, "teacher", 100)); }), "forbidden");
  auto teacher_reviewer = holding(7, "reviewer", 10);
  EXPECT_EQ(outcome([&] { require_decider(submitted, teacher_reviewer); }), "errors.own_course_review");
  // Staff administer nothing; a card carries none of its holder's roles.
  EXPECT_EQ(outcome([&] { require_decider(course("published"), holding(3, "staff", 100)); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_decider(submitted, through_card(holding(3, "reviewer", 10))); }), "not_found");
  EXPECT_EQ(outcome([&] { require_decider(std::nullopt, site_admin(4)); }), "not_found");
}

TEST(Permissions, TheTeacherWithdrawsTheirCourseOnlyReviewersArchiveIt) {
  const auto published = course("published");
  const auto teacher = holding(7, "teacher", 100);
  EXPECT_EQ(outcome([&] { require_taker_off(published, teacher, true); }), "allowed");
  EXPECT_EQ(outcome([&] { require_taker_off(published, teacher, false); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_taker_off(published, holding(3, "reviewer", 100), false); }), "allowed");
  EXPECT_EQ(outcome([&] { require_taker_off(published, holding(8, "teacher", 100), true); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_taker_off(published, through_card(teacher), true); }), "forbidden");
  // The audit log: the teacher and reviewers, not other learners.
  EXPECT_EQ(outcome([&] { require_history_reader(published, teacher); }), "allowed");
  EXPECT_EQ(outcome([&] { require_history_reader(published, person(9)); }), "forbidden");
}

TEST(Permissions, ACardCarriesNoRoleNotEvenASiteAdministrators) {
  const auto card = through_card(site_admin(4));
  EXPECT_FALSE(card.has_role("site_admin"));
  EXPECT_EQ(outcome([&] { require_editor(course("published"), card); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_decider(course("submitted"), card); }), "not_found");
  EXPECT_EQ(outcome([&] { require_administrator(community_1000, card); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_site_admin(card); }), "forbidden");
  // A unit recorded for a role the person does not hold gives nothing.
  auto stale = person(3);
  stale.role_units = {{"reviewer", 10}};
  EXPECT_FALSE(stale.administers(street_100));
}

TEST(Permissions, OnlyTheTeacherEditsACourseAndNeverThroughACard) {
  const auto teacher = holding(7, "teacher", 100);
  EXPECT_EQ(outcome([&] { require_editor(course("draft"), teacher); }), "allowed");
  EXPECT_EQ(outcome([&] { require_editor(course("draft"), site_admin(4)); }), "allowed");
  EXPECT_EQ(outcome([&] { require_editor(course("draft"), holding(8, "teacher", 100)); }), "not_found");
  EXPECT_EQ(outcome([&] { require_editor(course("published"), holding(8, "teacher", 100)); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_editor(course("published"), holding(3, "reviewer", 100)); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_editor(course("published"), through_card(teacher)); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_teacher(teacher); }), "allowed");
  EXPECT_EQ(outcome([&] { require_teacher(person(9)); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_teacher(through_card(teacher)); }), "forbidden");
}

TEST(Permissions, LearnersEnrolInPublishedCoursesOfferedWhereTheyLive) {
  EXPECT_EQ(outcome([&] { require_open(course("published"), person(9)); }), "allowed");
  EXPECT_EQ(outcome([&] { require_open(course("draft"), person(9)); }), "not_found");
  EXPECT_EQ(outcome([&] { require_open(course("submitted"), holding(7, "teacher", 100)); }), "not_found");
  auto for_street = course("published");
  for_street.audience = {100};
  EXPECT_EQ(outcome([&] { require_open(for_street, person(9, community_1000)); }), "allowed");
  EXPECT_EQ(outcome([&] { require_open(for_street, person(9, community_2000)); }), "not_found");
  EXPECT_EQ(outcome([&] { require_open(for_street, person(9, {})); }), "not_found");  // no home given
  // Leaving (and the course page) needs only to see it.
  EXPECT_EQ(outcome([&] { require_visible(for_street, nullptr); }), "not_found");
  EXPECT_EQ(outcome([&] { require_visible(course("published"), nullptr); }), "allowed");
}

TEST(Permissions, ProgressIsOnlyForLessonsThePersonSees) {
  auto published = course("published");
  lesson_row added_since;  // a lesson added after approval: no approved version yet
  added_since.status = "ready";
  added_since.media_version = 1;
  lesson_row approved = added_since;
  approved.published_version = 1;
  const auto learner = person(9);
  const auto teacher = holding(7, "teacher", 100);
  EXPECT_EQ(outcome([&] { require_visible_lesson(approved, published, &learner); }), "allowed");
  EXPECT_EQ(outcome([&] { require_visible_lesson(added_since, published, &learner); }), "not_found");
  EXPECT_EQ(outcome([&] { require_visible_lesson(added_since, published, &teacher); }), "allowed");
  EXPECT_EQ(outcome([&] { require_visible_lesson(approved, course("draft"), &learner); }), "not_found");
  EXPECT_EQ(outcome([&] { require_visible_lesson(std::nullopt, published, &learner); }), "not_found");
  EXPECT_EQ(outcome([&] { require_visible_lesson(approved, std::nullopt, &teacher); }), "not_found");
}

TEST(Permissions, AdministratorsGiveTeachingAndStaffRolesInTheirAreaOnly) {
  const auto district_reviewer = holding(3, "reviewer", 10);
  EXPECT_EQ(outcome([&] { require_role_granter("teacher", street_100, district_reviewer); }), "allowed");
  EXPECT_EQ(outcome([&] { require_role_granter("staff", community_1000, district_reviewer); }), "allowed");
  EXPECT_EQ(outcome([&] { require_role_granter("teacher", community_2000, district_reviewer); }), "forbidden");
  // Reviewers and site administrators are made by a site administrator only.
  EXPECT_EQ(outcome([&] { require_role_granter("reviewer", street_100, district_reviewer); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_role_granter("site_admin", street_100, district_reviewer); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_role_granter("reviewer", street_100, site_admin(4)); }), "allowed");
  EXPECT_EQ(outcome([&] { require_role_granter("reviewer", street_100, console_operator()); }), "allowed");
  EXPECT_EQ(outcome([&] { require_role_granter("reviewer", {}, site_admin(4)); }), "not_found");  // no such unit
  EXPECT_EQ(outcome([&] { require_role_granter("staff", community_1000, holding(5, "staff", 1000)); }), "forbidden");
  // Staff and teachers give nothing; a card holder neither.
  EXPECT_EQ(outcome([&] { require_role_granter("teacher", community_1000, holding(5, "staff", 1000)); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_role_granter("teacher", street_100, through_card(district_reviewer)); }),
            "forbidden");
  EXPECT_EQ(outcome([&] { require_role_granter("teacher", {}, district_reviewer); }), "not_found");  // no such unit
}

TEST(Permissions, StaffHandleCardsOfLearnersAtHomeInTheirArea) {
  user_record resident;
  resident.id = 9;
  resident.home_path = community_1000;
  const auto staff = holding(5, "staff", 1000);
  EXPECT_EQ(outcome([&] { require_card_handler(resident, staff); }), "allowed");
  EXPECT_EQ(outcome([&] { require_card_handler(resident, holding(3, "reviewer", 10)); }), "allowed");
  EXPECT_EQ(outcome([&] { require_card_handler(resident, holding(6, "staff", 2000)); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_card_handler(resident, holding(7, "teacher", 100)); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_card_handler(resident, through_card(staff)); }), "forbidden");
  // A card never stands in for the password of someone with a role.
  auto teacher = resident;
  teacher.roles = {"teacher"};
  EXPECT_EQ(outcome([&] { require_card_handler(teacher, staff); }), "cards.not_for_staff");
  auto homeless = resident;
  homeless.home_path.clear();
  EXPECT_EQ(outcome([&] { require_card_handler(homeless, staff); }), "not_found");
  EXPECT_EQ(outcome([&] { require_card_handler(std::nullopt, staff); }), "not_found");
}

TEST(Permissions, FiguresAreForTheAreasAdministrators) {
  EXPECT_EQ(outcome([&] { require_administrator(community_1000, holding(3, "reviewer", 10)); }), "allowed");
  EXPECT_EQ(outcome([&] { require_administrator(community_2000, holding(3, "reviewer", 10)); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_administrator(street_100, holding(5, "staff", 100)); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_staff(community_1000, holding(5, "staff", 100)); }), "allowed");
  EXPECT_EQ(outcome([&] { require_administrator({}, site_admin(4)); }), "not_found");
  EXPECT_EQ(outcome([&] { require_reviewer(person(9)); }), "forbidden");
  EXPECT_EQ(outcome([&] { require_reviewer(site_admin(4)); }), "allowed");
}
