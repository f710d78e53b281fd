// A teacher's figures for one of their courses: /teach/courses/{id}/figures and
// GET /api/v1/courses/{id}/figures. Who may edit the course may see them.
#include "pages.hpp"
#include "routes.hpp"
#include "services/course_figures.hpp"
#include "stats_charts.hpp"
#include "view/local_format.hpp"

#include <cmath>

namespace lifelong::handlers {
namespace {

double share(std::uint64_t part, std::uint64_t whole) {
  return whole ? double(part) / double(whole) : 0.0;
}

nlohmann::json figures_json(const services::course_figures& f) {
  nlohmann::json out{{"started", f.started},
                     {"enrolled", f.enrolled},
                     {"completed", f.completed},
                     {"completion_rate", std::round(share(f.completed, f.started) * 1000) / 1000},
                     {"lessons", nlohmann::json::array()}};
  for (const auto& l : f.lessons) {
    auto points = nlohmann::json::array();
    for (int p = 0; p < static_cast<int>(l.retention.size()); ++p)
      points.push_back({{"at_percent", p * 100 / services::retention_points + 100 / services::retention_points / 2},
                        {"share", std::round(l.retention[p] * 1000) / 1000}});
    out["lessons"].push_back({{"id", l.id},
                              {"position", l.position},
                              {"title", l.title},
                              {"duration_s", l.duration_s},
                              {"viewers", l.viewers},
                              {"completed", l.completed},
                              {"completion_rate", std::round(share(l.completed, l.viewers) * 1000) / 1000},
                              {"average_seconds", l.viewers ? l.seconds / l.viewers : 0},
                              {"retention", points}});
  }
  return out;
}

}  // namespace

void add_teacher_figures(http::router& r, app& a) {
  r.add("GET", "/api/v1/courses/{id}/figures", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    a.courses.editable(who, id);
    auto f = services::figures_of_course(a.db, id);
    return http::json_reply(figures_json(f).dump());
  });

  r.add("GET", "/teach/courses/{id}/figures", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    const auto course = a.courses.editable(who, id);
    const auto f = services::figures_of_course(a.db, id);
    auto model = figures_json(f);
    model["course_id"] = id;
    model["course_title"] = course.title;
    model["completion_text"] = percent_text(share(f.completed, f.started));
    for (std::size_t i = 0; i < f.lessons.size(); ++i) {
      auto& l = model["lessons"][i];
      l["completion_text"] = percent_text(l["completion_rate"].get<double>());
      const auto average_s = f.lessons[i].viewers ? f.lessons[i].seconds / f.lessons[i].viewers : 0;
      l["average_text"] = view::duration_text(static_cast<std::uint32_t>(average_s * 1000), req.lang);
      l["chart"] = line_chart(f.lessons[i].retention);
      for (auto& p : l["retention"]) p["share_text"] = percent_text(p["share"].get<double>());
      l["watched"] = f.lessons[i].viewers > 0;
    }
    model["has_lessons"] = !f.lessons.empty();
    model["page_title"] = a.views.message(req.lang, "figures.heading");
    return page(a, req, "teach_figures", std::move(model));
  });
}

}  // namespace lifelong::handlers
