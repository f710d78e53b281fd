// A course's page, deciding on a submitted course, and enrolling.
#include "models.hpp"
#include "pages.hpp"
#include "rating_pages.hpp"
#include "routes.hpp"
#include "view/local_format.hpp"

#include <algorithm>
#include <cstdio>

namespace lifelong::handlers {
namespace {
// A published course's pending details beside the approved ones, for its reviewers: each
// field that changed, with its new value.
nlohmann::json changes_json(const services::course_fields& f, const services::course_row& c,
                            const std::vector<services::category_row>& categories, const view::views& v,
                            const std::string& lang) {
  nlohmann::json out{{"submitted", c.changes == "submitted"}};
  if (f.title != c.title) out["new_title"] = f.title;
  if (f.summary != c.summary) out["new_summary"] = f.summary.empty() ? "—" : f.summary;
  if (f.credits != c.credits) {
    char credits[16];
    std::snprintf(credits, sizeof credits, "%.1f", f.credits);
    out["new_credits"] = credits;
  }
  if (f.category_code != c.category_code)
    for (const auto& cat : categories)
      if (cat.code == f.category_code) out["new_category"] = lang == "en" ? cat.name_en : cat.name_zh;
  auto sorted = [](std::vector<std::string> codes) {
    std::sort(codes.begin(), codes.end());
    return codes;
  };
  if (sorted(f.learner_groups) != sorted(c.learner_groups)) {
    std::string names;
    for (const auto& code : f.learner_groups)
      names += (names.empty() ? "" : "、") + v.message(lang, "learner_groups." + code);
    out["new_groups"] = names.empty() ? "—" : names;
  }
  return out;
}
// An enrolled person's way on: how far they are, ticks per lesson, the lesson to go on
// with, and once finished, the certificate.
void add_progress(app& a, const http::request& req, nlohmann::json& model, const services::course_progress& p,
                  const std::vector<services::lesson_row>& lessons) {
  int sum = 0, counted = 0;
  for (auto& l : model["lessons"]) {
    if (!l["is_ready"].get<bool>()) continue;
    ++counted;
    for (const auto& m : p.played)
      if (m.lesson_id == l["id"].get<std::uint64_t>()) {
        l["done"] = m.completed;
        if (!m.completed && m.percent > 0) l["percent"] = m.percent;
        sum += m.percent;
      }
  }
  const bool completed = !p.completed_at.empty();
  const int percent = completed ? 100 : counted ? sum / counted : 0;
  model["progress"] = {{"completed", completed},
                       {"percent", percent},
                       {"percent_text", a.views.message(req.lang, "course.progress", {{"n", std::to_string(percent)}})},
                       {"completed_text", completed ? view::date_text(p.completed_at, req.lang) : ""}};
  const auto next = services::lesson_to_continue(lessons, p);
  // Watched again only when that lesson too is done (a lesson added later is new to them).
  bool next_done = false;
  for (const auto& m : p.played)
    if (m.lesson_id == next) next_done = m.completed;
  for (const auto& l : lessons)
    if (l.id == next) {
      const auto* label = next_done ? "course.again" : p.played.empty() ? "course.start" : "course.continue";
      model["start_lesson"] = {{"id", l.id},
                               {"title", l.title},
                               {"started", !p.played.empty()},
                               {"finished", next_done},
                               {"label", a.views.message(req.lang, label)}};
    }
}

// What a reviewer judges besides the videos: who the course is offered to and written
// for, and each lesson's captions, with each lesson playable right here.
void add_review_facts(app& a, const http::request& req, nlohmann::json& model, const services::course_row& c) {
  nlohmann::json facts;
  std::string audience;
  for (const auto unit_id : c.audience)
    if (const auto unit = a.units.find(unit_id))
      audience += (audience.empty() ? "" : a.views.message(req.lang, "review.list_separator")) + unit->name;
  facts["audience"] = audience.empty() ? a.views.message(req.lang, "teach.audience_city") : audience;
  std::string groups;
  for (const auto& g : c.learner_groups)
    groups += (groups.empty() ? "" : a.views.message(req.lang, "review.list_separator")) +
              a.views.message(req.lang, "learner_groups." + g);
  facts["groups"] = groups.empty() ? a.views.message(req.lang, "review.no_groups") : groups;
  model["review_facts"] = facts;
  const auto captions = a.captions.for_course(c.id);
  for (auto& lesson : model["lessons"]) {
    const auto found = captions.find(lesson["id"].get<std::uint64_t>());
    const auto list = found == captions.end() ? std::vector<services::caption_row>{} : found->second;
    lesson["captions"] = captions_json(lesson["id"].get<std::uint64_t>(), list);
    std::string names;
    for (const auto& cap : list)
      names += (names.empty() ? "" : a.views.message(req.lang, "review.list_separator")) + cap.label;
    lesson["captions_text"] = names.empty() ? a.views.message(req.lang, "lesson.no_captions") : names;
    lesson["review_play"] = lesson.value("is_ready", false);
  }
}

// What anyone sees of a course at a glance: its length, and how many learn it.
void add_glance(app& a, const http::request& req, nlohmann::json& model, const services::course_row& c,
                const std::vector<services::lesson_row>& lessons) {
  std::uint64_t ms = 0;
  for (const auto& l : lessons)
    if (l.status == "ready") ms += l.duration_ms;
  if (ms > 0)
    model["total_length"] =
        view::duration_text(static_cast<std::uint32_t>(std::min<std::uint64_t>(ms, UINT32_MAX)), req.lang);
  if (c.learners > 0) model["learners_text"] = count_text(a.views, req.lang, "course.learners", c.learners);
}
}  // namespace

void add_catalog_pages(http::router& r, app& a) {
  r.add("GET", "/courses/{id}", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const services::session* who = req.user ? &*req.user : nullptr;
    const auto [course, lessons] = a.courses.visible_with_lessons(id, who);
    const auto categories = a.courses.categories();
    const bool enrolled = who && a.learning.is_enrolled(who->user_id, id);
    // The teacher and the area's reviewers see the course's log and its pending changes.
    const bool staff = services::can_edit(course, who) || services::can_review(course, who);
    const auto history = staff ? a.reviews.history(*who, id) : std::vector<services::review_entry>{};
    const auto pending = staff && !course.changes.empty() ? a.courses.pending_details(id) : std::nullopt;
    nlohmann::json model{{"course", course_json(course, categories, a.media_links, a.views, req.lang)},
                         {"enrolled", enrolled},
                         {"page_title", course.title},
                         {"can_edit", services::can_edit(course, who)},
                         {"own_course", who && who->user_id == course.teacher_id}};
    // 收藏: for anyone signed in, of a course open to them.
    model["can_favourite"] = who && services::favourite_service::may_keep(course, *who);
    model["favourite"] = model["can_favourite"] && a.favourites.has(*who, id);
    // Reviewers of the area decide here, with the lessons to preview just below.
    const bool waiting = course.status == "submitted" || course.changes == "submitted";
    model["can_decide"] = waiting && services::can_review(course, who) && course.teacher_id != (who ? who->user_id : 0);
    if (pending) model["changes"] = changes_json(*pending, course, categories, a.views, req.lang);
    auto log = nlohmann::json::array();
    for (const auto& e : history) {
      nlohmann::json entry{{"actor", e.actor_name},
                           {"action", a.views.message(req.lang, "review.action_" + e.action)},
                           {"at", view::iso_utc(e.at)},
                           {"at_text", view::date_time_text(e.at, req.lang)}};
      if (!e.comment.empty()) entry["comment"] = e.comment;  // no empty quotes for a step without one
      log.push_back(std::move(entry));
    }
    model["history"] = log;
    model["has_history"] = !log.empty();
    model["left"] = req.query.count("left") > 0 && !enrolled;
    if (auto e = req.query.find("error"); e != req.query.end() && e->second.find('.') == std::string::npos)
      model["error"] = a.views.message(req.lang, "errors." + e->second);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& l : lessons)
      list.push_back(with_changes(lesson_json(l, a.media_links, a.views, req.lang), l, course));
    model["lessons"] = list;
    if (model["can_decide"]) add_review_facts(a, req, model, course);
    add_glance(a, req, model, course, lessons);
    if (enrolled) add_progress(a, req, model, a.records.in_course(who->user_id, id), lessons);
    if (course.status == "published") {
      add_course_ratings(a, req, model, course, who);
      model["rated"] = req.query.count("rated") > 0;
    }
    // Learners in the simplified mode get one big button into the course and the lessons
    // as a plain list (the lesson page leads on); teachers and reviewers keep their controls.
    if (!simplified_mode(req) || model["can_edit"] || model["can_decide"] || !history.empty())
      return page(a, req, "course", std::move(model));
    return page(a, req, "course_simple", std::move(model));
  });

  r.add("POST", "/courses/{id}/review", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    const auto form = form_fields(req);
    std::string error;
    try {
      a.reviews.decide(who, id, field(form, "decision") == "approve", field(form, "comment"));
    } catch (const services::error& e) {
      if (e.kind != services::refusal::invalid && e.kind != services::refusal::conflict) throw;
      error = e.message_key.substr(std::string("errors.").size());
    }
    if (!error.empty()) return http::redirect("/courses/" + std::to_string(id) + "?error=" + error);
    // Back to the queue, which says what the decision did.
    return http::redirect("/review?" + std::string(field(form, "decision") == "approve" ? "published=" : "returned=") +
                          std::to_string(id));
  });

  r.add("GET", "/review", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    auto list = review_queue_json(a, req, who);
    nlohmann::json model{
        {"courses", list}, {"has_courses", !list.empty()}, {"page_title", a.views.message(req.lang, "review.heading")}};
    for (const char* done : {"published", "returned"})
      if (auto it = req.query.find(done); it != req.query.end())
        if (const auto id = http::parse_id(it->second); id != 0)
          if (const auto course = a.courses.find(id); course && services::can_review(*course, &who))
            model["decided"] =
                a.views.message(req.lang, std::string("review.done_") + done, {{"title", course->title}});
    return page(a, req, "review", std::move(model));
  });

  r.add("POST", "/courses/{id}/enrol", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    a.learning.enrol(who, id);
    // Starting is enrolling: straight on to the first lesson that plays.
    for (const auto& l : a.courses.visible_with_lessons(id, &who).second)
      if (l.status == "ready") return http::redirect("/lessons/" + std::to_string(l.id));
    return http::redirect("/courses/" + std::to_string(id));
  });

  r.add("POST", "/courses/{id}/leave", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    a.learning.leave(who, id);
    return http::redirect("/courses/" + std::to_string(id) + "?left=1");
  });
}

}  // namespace lifelong::handlers
