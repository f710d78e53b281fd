#pragma once
// Who may act, as pure functions of the actor and the facts the act is about. Services
// call them next to the data, after reading those facts, so a handler cannot reach an
// operation on protected data without its check; unit tests check every rule without a
// database. Each `require_*` returns when the person may act and otherwise throws the
// refusal a person should see (services::error): not_found when they may not even know
// the thing exists, forbidden when they may see it but not do this.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actor.hpp"
#include "course_service.hpp"
#include "user_service.hpp"

namespace lifelong::services {

// Courses: its teacher (never through a card) or a site administrator edits it.
course_row require_editor(const std::optional<course_row>& c, const actor& who);
// Teachers (and site administrators) start courses.
void require_teacher(const actor& who);
void require_site_admin(const actor& who);

// Review: reviewers of the course's area decide, never on their own course.
course_row require_decider(const std::optional<course_row>& c, const actor& who);
// Withdrawing or archiving: the area's reviewers, and the teacher too when `teacher_may`.
course_row require_taker_off(const std::optional<course_row>& c, const actor& who, bool teacher_may);
// The audit log: the teacher and the area's reviewers.
course_row require_history_reader(const std::optional<course_row>& c, const actor& who);
// The review queue: reviewers and site administrators.
void require_reviewer(const actor& who);

// Enrolment and progress: a published course offered to the person.
course_row require_open(const std::optional<course_row>& c, const actor& who);
// Anyone who may see the course: its page, and leaving it.
course_row require_visible(const std::optional<course_row>& c, const actor* who);
// A lesson of a visible course, as this person sees it (seen_by).
lesson_row require_visible_lesson(const std::optional<lesson_row>& l, const std::optional<course_row>& c,
                                  const actor* who);

// Areas: a unit's path (the unit, then its ancestors; empty: no such unit). Reviewers
// administer their subtree (units, roles, figures, activities); staff set up residents.
void require_administrator(const std::vector<std::uint64_t>& unit_path, const actor& who);
void require_staff(const std::vector<std::uint64_t>& unit_path, const actor& who);

// Roles for a unit (empty path: no such unit): its administrators make people its
// teachers or staff; its reviewers only a site administrator makes. (A role for no unit,
// city-wide, is a site administrator's to give: user_service.)
void require_role_granter(const std::string& role, const std::vector<std::uint64_t>& unit_path, const actor& who);

// Cards: staff of the person's home, for a learner only (a card must never stand in for
// a teacher's or an administrator's password).
void require_card_handler(const std::optional<user_record>& person, const actor& who);

}  // namespace lifelong::services
