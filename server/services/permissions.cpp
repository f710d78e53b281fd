#include "permissions.hpp"

#include "error.hpp"

namespace lifelong::services {

course_row require_visible(const std::optional<course_row>& c, const actor* who) {
  if (!c || !can_view(*c, who)) throw not_found();
  return *c;
}

course_row require_editor(const std::optional<course_row>& c, const actor& who) {
  require_visible(c, &who);
  if (!can_edit(*c, &who)) throw forbidden();
  return *c;
}

void require_teacher(const actor& who) {
  if (!who.has_role("teacher") && !who.has_role("site_admin")) throw forbidden();
}

void require_site_admin(const actor& who) {
  if (!who.has_role("site_admin")) throw forbidden();
}

course_row require_decider(const std::optional<course_row>& c, const actor& who) {
  require_visible(c, &who);
  if (!can_review(*c, &who)) throw forbidden();
  if (c->teacher_id == who.user_id) throw forbidden("errors.own_course_review");
  return *c;
}

course_row require_taker_off(const std::optional<course_row>& c, const actor& who, bool teacher_may) {
  require_visible(c, &who);
  if (!can_review(*c, &who) && !(teacher_may && can_edit(*c, &who))) throw forbidden();
  return *c;
}

course_row require_history_reader(const std::optional<course_row>& c, const actor& who) {
  require_visible(c, &who);
  if (!can_edit(*c, &who) && !can_review(*c, &who)) throw forbidden();
  return *c;
}

void require_reviewer(const actor& who) {
  if (!who.has_role("reviewer") && !who.has_role("site_admin")) throw forbidden();
}

course_row require_open(const std::optional<course_row>& c, const actor& who) {
  if (!c || c->status != "published" || !offered_to(*c, &who)) throw not_found();
  return *c;
}

lesson_row require_visible_lesson(const std::optional<lesson_row>& l, const std::optional<course_row>& c,
                                  const actor* who) {
  if (!l) throw not_found();
  require_visible(c, who);
  auto seen = seen_by(*l, *c, who);  // learners: the approved version
  if (!seen) throw not_found();
  return *seen;
}

void require_administrator(const std::vector<std::uint64_t>& unit_path, const actor& who) {
  if (unit_path.empty()) throw not_found();
  if (!who.administers(unit_path)) throw forbidden();
}

void require_staff(const std::vector<std::uint64_t>& unit_path, const actor& who) {
  if (unit_path.empty()) throw not_found();
  if (!who.staffs(unit_path)) throw forbidden();
}

void require_role_granter(const std::string& role, const std::vector<std::uint64_t>& unit_path, const actor& who) {
  if (unit_path.empty()) throw not_found();
  if (role == "teacher" || role == "staff")
    return require_administrator(unit_path, who);
  require_site_admin(who);
}

void require_card_handler(const std::optional<user_record>& person, const actor& who) {
  if (!person || person->home_path.empty()) throw not_found();
  if (!who.staffs(person->home_path)) throw forbidden();
  if (!person->roles.empty()) throw forbidden("cards.not_for_staff");
}

}  // namespace lifelong::services
