// The lesson page: the player, resuming at the saved position.
#include "models.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {

void add_lesson_pages(http::router& r, app& a) {
  r.add("GET", "/lessons/{id}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto [lesson, course, lessons, position, enrolled, captions] = co_await net::offload(a.blocking, [&] {
      auto [l, c] = a.courses.visible_lesson(id, &who);  // learners: the approved version
      return std::make_tuple(l, c, a.courses.lessons_seen_by(c, &who), a.learning.position(who.user_id, id),
                             a.learning.is_enrolled(who.user_id, c.id), a.captions.for_lesson(id));
    });
    // Learners watch after enrolling; the teacher and the area's reviewers preview without.
    if (!enrolled && !services::can_edit(course, &who) && !services::can_review(course, &who))
      co_return http::redirect("/courses/" + std::to_string(course.id));
    nlohmann::json model{{"lesson", lesson_json(lesson, a.views, req.lang)},
                         {"course", {{"id", course.id}, {"title", course.title}}},
                         {"position_s", position / 1000.0},
                         {"captions", captions_json(id, captions)}};
    for (std::size_t i = 0; i < lessons.size(); ++i) {
      if (lessons[i].id != id) continue;
      if (i + 1 < lessons.size()) model["next_lesson"] = {{"id", lessons[i + 1].id}, {"title", lessons[i + 1].title}};
      if (i > 0) model["prev_lesson"] = {{"id", lessons[i - 1].id}, {"title", lessons[i - 1].title}};
    }
    if (!simplified_mode(req)) co_return page(a, req, "lesson", std::move(model));
    // Simplified: captions on from the start, in the first language the lesson has.
    if (!model["captions"].empty()) {
      model["captions"][0]["default"] = true;
      model["has_captions"] = true;
    }
    co_return page(a, req, "lesson_simple", std::move(model));
  });
}

}  // namespace lifelong::handlers
