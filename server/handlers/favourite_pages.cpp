// 收藏: a course kept for later, from its page (both modes) or the API, and "我的收藏".
#include "http/return_path.hpp"
#include "models.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {
constexpr int per_page = 20;

// A page of the person's favourites as course cards, with the pager's numbers.
nlohmann::json favourites_json(app& a, const http::request& req, const services::session& who, int page_no) {
  const auto found = a.favourites.of(who, (page_no - 1) * per_page, per_page);
  const auto categories = a.courses.categories();
  auto list = nlohmann::json::array();
  for (const auto& c : found.courses) list.push_back(course_json(c, categories, a.media_links, a.views, req.lang));
  const int pages = std::max(1, (found.total + per_page - 1) / per_page);
  return {{"courses", list}, {"total", found.total}, {"page", page_no}, {"pages", pages}};
}

// Back to where the form was (the course page, or the list), else the course page.
http::reply back_from_form(const http::request& req, std::uint64_t course_id) {
  const auto back = field(form_fields(req), "back");
  return http::redirect(back.empty() ? "/courses/" + std::to_string(course_id) : http::local_return_path(back));
}
}  // namespace

void add_favourite_pages(http::router& r, app& a) {
  r.add("PUT", "/api/v1/courses/{id}/favourite", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    a.favourites.add(require_user(req), id);
    return http::json_reply(nlohmann::json{{"course_id", id}, {"favourite", true}}.dump());
  });
  r.add("DELETE", "/api/v1/courses/{id}/favourite", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    a.favourites.remove(require_user(req), id);
    return http::json_reply(nlohmann::json{{"course_id", id}, {"favourite", false}}.dump());
  });
  r.add("GET", "/api/v1/me/favourites", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    return http::json_reply(favourites_json(a, req, who, page_number(req)).dump());
  });

  r.add("POST", "/courses/{id}/favourite", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    a.favourites.add(require_user(req), id);
    return back_from_form(req, id);
  });
  r.add("POST", "/courses/{id}/unfavourite", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    a.favourites.remove(require_user(req), id);
    return back_from_form(req, id);
  });

  r.add("GET", "/me/favourites", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const int page_no = page_number(req);
    auto model = favourites_json(a, req, who, page_no);
    const int pages = model["pages"];
    model["has_courses"] = !model["courses"].empty();
    if (page_no > 1) model["prev_page"] = page_no - 1;
    if (page_no < pages) model["next_page"] = page_no + 1;
    if (model["courses"].empty() && model["total"].get<int>() > 0)  // a page past the last, from an old link
      model["past_end"] = a.views.message(req.lang, "catalog.past_end", {{"pages", std::to_string(pages)}});
    model["is_empty"] = model["total"].get<int>() == 0;
    model["page_title"] = a.views.message(req.lang, "favourites.heading");
    return page(a, req, "favourites", std::move(model));
  });
}

}  // namespace lifelong::handlers
