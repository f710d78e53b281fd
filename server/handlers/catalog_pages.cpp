// The catalog (home), a course's page and enrolling.
#include "models.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {
constexpr int per_page = 12;
}

void add_catalog_pages(http::router& r, app& a) {
  // The catalog; with ?q= the courses matching the search, best first.
  r.add("GET", "/", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const int page_no = page_number(req);
    const auto query = search_query(req);
    auto [found, categories] = co_await net::offload(a.blocking, [&] {
      const int offset = (page_no - 1) * per_page;
      return std::make_pair(query.empty() ? a.courses.published(offset, per_page, home_of(req))
                                          : a.courses.search(query, offset, per_page, home_of(req)),
                            a.courses.categories());
    });
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : found.courses) list.push_back(course_json(c, categories, a.views, req.lang));
    const int pages = std::max(1, (found.total + per_page - 1) / per_page);
    nlohmann::json model{{"courses", list}, {"has_courses", !list.empty()}, {"page", page_no}, {"pages", pages}};
    if (page_no > 1) model["prev_page"] = page_no - 1;
    if (page_no < pages) model["next_page"] = page_no + 1;
    if (!query.empty()) {
      auto summary = a.views.message(req.lang, "catalog.search_summary");
      summary.replace(summary.find("{query}"), 7, query);
      summary.replace(summary.find("{total}"), 7, std::to_string(found.total));
      model["searching"] = true;
      model["query"] = query;
      model["query_param"] = "q=" + http::url_encode(query) + "&";
      model["search_summary"] = summary;
      model["page_title"] = query;
    }
    co_return page(a, req, "catalog", std::move(model));
  });

  r.add("GET", "/courses/{id}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const http::session* who = req.user ? &*req.user : nullptr;
    auto [course, lessons, categories, enrolled, history] = co_await net::offload(a.blocking, [&] {
      auto c = a.courses.find(id);
      if (!c || !services::can_view(*c, who)) throw http::not_found();
      const bool staff = services::can_edit(*c, who) || services::can_review(*c, who);
      return std::make_tuple(*c, a.courses.lessons(id), a.courses.categories(),
                             who ? a.learning.is_enrolled(who->user_id, id) : false,
                             staff ? a.reviews.history(id) : std::vector<services::review_entry>{});
    });
    nlohmann::json model{{"course", course_json(course, categories, a.views, req.lang)},
                         {"enrolled", enrolled},
                         {"can_edit", services::can_edit(course, who)}};
    // Reviewers of the area decide here, with the lessons to preview just below.
    model["can_decide"] = course.status == "submitted" && services::can_review(course, who) &&
                          course.teacher_id != (who ? who->user_id : 0);
    auto log = nlohmann::json::array();
    for (const auto& e : history)
      log.push_back({{"actor", e.actor_name}, {"action", a.views.message(req.lang, "review.action_" + e.action)},
                     {"comment", e.comment}, {"at", e.at}});
    model["history"] = log;
    model["has_history"] = !log.empty();
    if (auto e = req.query.find("error"); e != req.query.end() && e->second.find('.') == std::string::npos)
      model["error"] = a.views.message(req.lang, "errors." + e->second);
    nlohmann::json list = nlohmann::json::array();
    for (const auto& l : lessons) list.push_back(lesson_json(l, a.views, req.lang));
    model["lessons"] = list;
    co_return page(a, req, "course", std::move(model));
  });

  r.add("POST", "/courses/{id}/review", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    const auto form = form_fields(req);
    std::string error;
    co_await net::offload(a.blocking, [&] {
      auto c = a.courses.find(id);
      if (!c || !services::can_view(*c, &who)) throw http::not_found();
      if (!services::can_review(*c, &who) || c->teacher_id == who.user_id) throw http::forbidden();
      try {
        a.reviews.decide(id, who.user_id, field(form, "decision") == "approve", field(form, "comment"));
      } catch (const http::http_error& e) {
        if (e.status != 400 && e.status != 409) throw;
        error = e.message_key.substr(std::string("errors.").size());
      }
    });
    co_return http::redirect(error.empty() ? "/review" : "/courses/" + std::to_string(id) + "?error=" + error);
  });

  r.add("GET", "/review", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto& who = require_user(req);
    auto list = co_await net::offload(a.blocking, [&] { return review_queue_json(a, req, who); });
    co_return page(a, req, "review",
                   {{"courses", list}, {"has_courses", !list.empty()},
                    {"page_title", a.views.message(req.lang, "review.heading")}});
  });

  r.add("POST", "/courses/{id}/enrol", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    co_await net::offload(a.blocking, [&] {
      auto c = a.courses.find(id);
      if (!c || c->status != "published") throw http::not_found();
      a.learning.enrol(who.user_id, id);
    });
    co_return http::redirect("/courses/" + std::to_string(id));
  });
}

}  // namespace lifelong::handlers
