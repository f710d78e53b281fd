// "My learning": the page and its JSON twin.
#include "pages.hpp"
#include "routes.hpp"
#include "view/local_format.hpp"

#include <cmath>

namespace lifelong::handlers {
namespace {

nlohmann::json courses_json(const std::vector<services::record_course>& list, const std::string& lang) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : list)
    out.push_back({{"course_id", c.course_id},
                   {"title", c.title},
                   {"percent", c.percent},
                   {"continue_lesson", c.continue_lesson},
                   {"completed_at", view::iso_utc(c.completed_at)},
                   {"completed_text", view::date_text(c.completed_at, lang)},
                   {"credits", c.credits}});
  return out;
}

nlohmann::json record_json(const services::learning_record& r, const std::string& lang) {
  return {{"in_progress", courses_json(r.in_progress, lang)},
          {"completed", courses_json(r.completed, lang)},
          {"total_credits", r.total_credits},
          {"seconds", std::lround(r.hours * 3600)},
          {"hours", std::round(r.hours * 10) / 10},
          {"study_time", view::study_time_text(r.hours * 3600, lang)}};
}

}  // namespace

void add_record_pages(http::router& r, app& a) {
  r.add("GET", "/api/v1/me/learning", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    auto record = a.records.of(who.user_id);
    return http::json_reply(record_json(record, req.lang).dump());
  });

  r.add("GET", "/me/learning", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    auto record = a.records.of(who.user_id);
    auto model = record_json(record, req.lang);
    model["has_in_progress"] = !record.in_progress.empty();
    model["has_completed"] = !record.completed.empty();
    model["is_empty"] = record.in_progress.empty() && record.completed.empty();
    model["page_title"] = a.views.message(req.lang, "record.heading");
    return page(a, req, "my_learning", std::move(model));
  });
}

}  // namespace lifelong::handlers
