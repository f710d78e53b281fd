// Courses and enrolment over JSON: the same services as the pages.
#include "models.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {
constexpr int per_page = 20;
}  // namespace

void add_course_api(http::router& r, app& a) {
  // {"unit_ids": [...]}: offered only to residents of those units; [] for the whole city.
  r.add("PUT", "/api/v1/courses/{id}/audience", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto body = json_body(req);
    std::vector<std::uint64_t> units;
    auto list = body.find("unit_ids");
    if (list == body.end() || !list->is_array()) throw http::bad_request("errors.audience_invalid", "unit_ids");
    for (const auto& u : *list) {
      if (!u.is_number_unsigned()) throw http::bad_request("errors.audience_invalid", "unit_ids");
      units.push_back(u.get<std::uint64_t>());
    }
    auto course = co_await net::offload(a.blocking, [&] {
      editable_course(a, id, who);
      a.courses.set_audience(id, units);
      return *a.courses.find(id);
    });
    co_return http::json_reply(nlohmann::json{{"id", id}, {"audience", course.audience}}.dump());
  });

  r.add("GET", "/api/v1/categories", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    auto cats = co_await net::offload(a.blocking, [&] { return a.courses.categories(); });
    co_return http::json_reply(nlohmann::json{{"categories", categories_json(cats, req.lang)}}.dump());
  });

  r.add("GET", "/api/v1/courses", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const int page_no = page_number(req);
    auto [found, cats] = co_await net::offload(a.blocking, [&] {
      const int offset = (page_no - 1) * per_page;
      const auto query = search_query(req);
      return std::make_pair(query.empty() ? a.courses.published(offset, per_page, home_of(req))
                                          : a.courses.search(query, offset, per_page, home_of(req)),
                            a.courses.categories());
    });
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : found.courses) list.push_back(course_json(c, cats, a.views, req.lang));
    co_return http::json_reply(
        nlohmann::json{{"courses", list}, {"page", page_no}, {"per_page", per_page}, {"total", found.total}}.dump());
  });

  r.add("GET", "/api/v1/courses/{id}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const http::session* who = req.user ? &*req.user : nullptr;
    auto [course, lessons, cats, enrolled] = co_await net::offload(a.blocking, [&] {
      auto c = a.courses.find(id);
      if (!c || !services::can_view(*c, who)) throw http::not_found();
      return std::make_tuple(*c, a.courses.lessons(id), a.courses.categories(),
                             who ? a.learning.is_enrolled(who->user_id, id) : false);
    });
    auto j = course_json(course, cats, a.views, req.lang);
    j["lessons"] = nlohmann::json::array();
    for (const auto& l : lessons) j["lessons"].push_back(lesson_json(l, a.views, req.lang));
    j["enrolled"] = enrolled;
    j["audience"] = course.audience;
    co_return http::json_reply(j.dump());
  });

  r.add("POST", "/api/v1/courses", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto& who = require_role(req, "teacher");
    auto body = json_body(req);
    double credits = 1.0;
    if (auto c = body.find("credits"); c != body.end()) {
      if (!c->is_number()) throw http::bad_request("errors.credits_invalid", "credits");
      credits = c->get<double>();
    }
    auto id = co_await net::offload(a.blocking, [&] {
      return a.courses.create(who.user_id, json_text(body, "title"), json_text(body, "summary"),
                              json_text(body, "category"), credits);
    });
    co_return http::json_reply(nlohmann::json{{"id", id}}.dump(), 201);
  });

  r.add("POST", "/api/v1/courses/{id}/lessons", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto body = json_body(req);
    auto lesson_id = co_await net::offload(a.blocking, [&] {
      editable_course(a, id, who);
      return a.courses.add_lesson(id, json_text(body, "title"));
    });
    co_return http::json_reply(nlohmann::json{{"id", lesson_id}}.dump(), 201);
  });

  r.add("PUT", "/api/v1/courses/{id}/enrolment", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    co_await net::offload(a.blocking, [&] {
      auto c = a.courses.find(id);
      if (!c || c->status != "published") throw http::not_found();
      a.learning.enrol(who.user_id, id);
    });
    co_return http::json_reply(nlohmann::json{{"course_id", id}, {"enrolled", true}}.dump());
  });
}

}  // namespace lifelong::handlers
