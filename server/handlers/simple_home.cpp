#include "simple_home.hpp"

#include "message_text.hpp"
#include "models.hpp"
#include "pages.hpp"
#include "services/course_catalog.hpp"

namespace lifelong::handlers {
namespace {
constexpr int simple_message_cards = 3;

struct simple_home_data {
  std::optional<services::record_course> watching;  // the course played last, if any
  std::string lesson_title;                         // the lesson to continue
  services::page_of_courses picked;
  std::vector<services::category_row> categories;
};

// Courses for older learners offered to this person, their own community's first; every
// course when none is marked for older learners yet.
services::page_of_courses picked_courses(app& a, const http::request& req, int page_no) {
  const auto home = home_of(req);
  services::catalog_filter filter;
  filter.learner_group = "older_adults";
  filter.order = home.empty() ? services::catalog_order::newest : services::catalog_order::near_home;
  const int offset = (page_no - 1) * simple_per_page;
  auto found = a.courses.catalog(filter, offset, simple_per_page, home);
  if (found.total > 0) return found;
  filter.learner_group.clear();
  return a.courses.catalog(filter, offset, simple_per_page, home);
}

}  // namespace

bool wants_simple_home(const http::request& req) {
  if (!simplified_mode(req)) return false;
  for (const auto& [name, value] : req.query)
    if (name != "page") return false;
  return true;
}

http::reply simple_home(app& a, const http::request& req, int page_no) {
  simple_home_data d;
  d.categories = a.courses.categories();
  d.picked = picked_courses(a, req, page_no);
  if (req.user && page_no == 1) {
    auto record = a.records.of(req.user->user_id);
    if (!record.in_progress.empty() && record.in_progress.front().continue_lesson) {
      d.watching = record.in_progress.front();
      // The title learners see: a new one waits for review.
      if (auto lesson = a.courses.lesson(d.watching->continue_lesson)) d.lesson_title = lesson->approved_title;
    }
  }
  nlohmann::json model{{"page", page_no}};
  if (req.user && page_no == 1) {  // unread messages as big cards, after what to continue
    auto cards = nlohmann::json::array();
    for (const auto& m : a.messages.of(*req.user, 0, simple_message_cards).messages)
      if (m.unread) cards.push_back(message_json(a.views, req.lang, m));
    if (!cards.empty()) {
      model["message_cards"] = cards;
      model["has_message_cards"] = true;
    }
  }
  // One heading leads the page: what to continue, else the messages, else the courses.
  const bool has_cards = model.contains("has_message_cards");
  model["messages_lead"] = has_cards && !d.watching;
  model["picked_lead"] = !has_cards && !d.watching;
  if (d.watching)
    model["watching"] = {{"course_title", d.watching->title},
                         {"lesson_id", d.watching->continue_lesson},
                         {"lesson_title", d.lesson_title},
                         {"percent", d.watching->percent}};
  auto list = nlohmann::json::array();
  for (const auto& c : d.picked.courses) list.push_back(course_json(c, d.categories, a.media_links, a.views, req.lang));
  model["courses"] = list;
  model["has_courses"] = !list.empty();
  const int pages = std::max(1, (d.picked.total + simple_per_page - 1) / simple_per_page);
  if (page_no > 1) model["prev_page"] = page_no - 1;
  if (page_no < pages) model["next_page"] = page_no + 1;
  model["first_page"] = page_no == 1;
  if (page_no > 1) model["page_title"] = a.views.message(req.lang, "simple.more_heading");
  return page(a, req, "simple_home", std::move(model));
}

}  // namespace lifelong::handlers
