// The lesson page: the player, resuming at the saved position.
#include "models.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {

void add_lesson_pages(http::router& r, app& a) {
  r.add("GET", "/lessons/{id}", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    const auto [lesson, course] = a.courses.visible_lesson(id, &who);  // learners: the approved version
    // Learners watch after enrolling; the teacher and the area's reviewers preview without.
    if (!a.learning.is_enrolled(who.user_id, course.id) && !services::can_edit(course, &who) &&
        !services::can_review(course, &who))
      return http::redirect("/courses/" + std::to_string(course.id));
    const auto lessons = a.courses.lessons_seen_by(course, &who);
    nlohmann::json model{{"lesson", lesson_json(lesson, a.media_links, a.views, req.lang)},
                         {"course", {{"id", course.id}, {"title", course.title}}},
                         {"page_title", lesson.title + " · " + course.title},
                         {"position_s", a.learning.position(who.user_id, id) / 1000.0},
                         {"captions", captions_json(id, a.captions.for_lesson(id))}};
    for (std::size_t i = 0; i < lessons.size(); ++i) {
      if (lessons[i].id != id) continue;
      if (i + 1 < lessons.size()) model["next_lesson"] = {{"id", lessons[i + 1].id}, {"title", lessons[i + 1].title}};
      if (i > 0) model["prev_lesson"] = {{"id", lessons[i - 1].id}, {"title", lessons[i - 1].title}};
    }
    if (!course.summary.empty()) model["course"]["summary"] = course.summary;  // read aloud on the simplified page
    model["has_captions"] = !model["captions"].empty();                        // a lesson without says so
    if (!simplified_mode(req)) return page(a, req, "lesson", std::move(model));
    // Simplified: captions on from the start, in the first language the lesson has.
    if (!model["captions"].empty()) model["captions"][0]["default"] = true;
    return page(a, req, "lesson_simple", std::move(model));
  });
}

}  // namespace lifelong::handlers
