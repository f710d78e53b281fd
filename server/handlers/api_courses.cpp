// Courses and enrolment over JSON: the same services as the pages.
#include "catalog_query.hpp"
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
    const auto units = unit_ids_of(json_body(req));
    auto course = co_await net::offload(a.blocking, [&] {
      a.courses.set_audience(who, id, units);
      return *a.courses.find(id);
    });
    co_return http::json_reply(nlohmann::json{{"id", id}, {"audience", course.audience}}.dump());
  });

  r.add("GET", "/api/v1/categories", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    auto cats = co_await net::offload(a.blocking, [&] { return a.courses.categories(); });
    co_return http::json_reply(nlohmann::json{{"categories", categories_json(cats, req.lang)}}.dump());
  });

  r.add("GET", "/api/v1/learner-groups", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    auto groups = co_await net::offload(a.blocking, [&] { return a.courses.learner_groups(); });
    auto list = nlohmann::json::array();
    for (const auto& g : groups)
      list.push_back({{"code", g.code}, {"name", a.views.message(req.lang, "learner_groups." + g.code)}});
    co_return http::json_reply(nlohmann::json{{"learner_groups", list}}.dump());
  });

  // Site administrators add a category or rename one (both names, order, for older adults).
  r.add("PUT", "/api/v1/categories/{code}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto& who = require_user(req);
    const auto body = json_body(req);
    services::category_row c{req.param("code"), json_text(body, "name_zh"), json_text(body, "name_en"), false, 0};
    if (auto older = body.find("for_older_adults"); older != body.end()) {
      if (!older->is_boolean()) throw http::bad_request("errors.bad_json", "for_older_adults");
      c.for_older_adults = older->get<bool>();
    }
    if (auto order = body.find("sort_order"); order != body.end()) {
      if (!order->is_number_integer()) throw http::bad_request("errors.category_order_invalid", "sort_order");
      c.sort_order = order->get<long long>() > 100000 ? -1 : static_cast<int>(order->get<long long>());
    }
    co_await net::offload(a.blocking, [&] { a.courses.save_category(who, c); });
    co_return http::json_reply(nlohmann::json{{"code", c.code}}.dump());
  });

  r.add("DELETE", "/api/v1/categories/{code}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto& who = require_user(req);
    const auto code = req.param("code");
    co_await net::offload(a.blocking, [&] { a.courses.remove_category(who, code); });
    co_return http::json_reply(nlohmann::json{{"code", code}, {"removed", true}}.dump());
  });

  // The catalog: ?q, category, group, unit, sort (catalog_query.hpp), page.
  r.add("GET", "/api/v1/courses", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const int page_no = page_number(req);
    auto [found, cats] = co_await net::offload(a.blocking, [&] {
      auto cats = a.courses.categories();
      const auto q = read_catalog_query(req, cats, a.courses.learner_groups());
      return std::make_pair(a.courses.catalog(q.filter, (page_no - 1) * per_page, per_page, home_of(req)), cats);
    });
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : found.courses) list.push_back(course_json(c, cats, a.views, req.lang));
    co_return http::json_reply(
        nlohmann::json{{"courses", list}, {"page", page_no}, {"per_page", per_page}, {"total", found.total}}.dump());
  });

  r.add("GET", "/api/v1/courses/{id}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const services::session* who = req.user ? &*req.user : nullptr;
    auto [course, lessons, cats, enrolled, pending] = co_await net::offload(a.blocking, [&] {
      auto c = a.courses.visible(id, who);
      // The teacher and reviewers see the working copy and its pending changes.
      const bool working = services::sees_working_copy(c, who) && !c.changes.empty();
      return std::make_tuple(c, a.courses.lessons_seen_by(c, who), a.courses.categories(),
                             who ? a.learning.is_enrolled(who->user_id, id) : false,
                             working ? a.courses.pending_details(id) : std::nullopt);
    });
    auto j = course_json(course, cats, a.views, req.lang);
    j["lessons"] = nlohmann::json::array();
    for (const auto& l : lessons) j["lessons"].push_back(with_changes(lesson_json(l, a.views, req.lang), l, course));
    if (pending)
      j["pending_changes"] = {{"title", pending->title}, {"summary", pending->summary},
                      {"category", pending->category_code}, {"credits", pending->credits},
                      {"learner_groups", pending->learner_groups}};
    j["enrolled"] = enrolled;
    j["audience"] = course.audience;
    co_return http::json_reply(j.dump());
  });

  r.add("POST", "/api/v1/courses", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto& who = require_user(req);
    const auto fields = course_fields_of(json_body(req));
    auto id = co_await net::offload(a.blocking, [&] { return a.courses.create(who, fields); });
    co_return http::json_reply(nlohmann::json{{"id", id}}.dump(), 201);
  });

  // Rewrites title, summary, category, credits and learner groups (all of them).
  r.add("PUT", "/api/v1/courses/{id}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    const auto fields = course_fields_of(json_body(req));
    co_await net::offload(a.blocking, [&] { a.courses.update(who, id, fields); });
    co_return http::json_reply(nlohmann::json{{"id", id}}.dump());
  });

  r.add("POST", "/api/v1/courses/{id}/lessons", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto body = json_body(req);
    auto lesson_id = co_await net::offload(a.blocking, [&] { return a.courses.add_lesson(who, id, json_text(body, "title")); });
    co_return http::json_reply(nlohmann::json{{"id", lesson_id}}.dump(), 201);
  });

  r.add("PUT", "/api/v1/courses/{id}/enrolment", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    co_await net::offload(a.blocking, [&] { a.learning.enrol(who, id); });
    co_return http::json_reply(nlohmann::json{{"course_id", id}, {"enrolled", true}}.dump());
  });

  // Leaving keeps what was learned (progress, credits); enrolling again continues.
  r.add("DELETE", "/api/v1/courses/{id}/enrolment", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    co_await net::offload(a.blocking, [&] { a.learning.leave(who, id); });
    co_return http::json_reply(nlohmann::json{{"course_id", id}, {"enrolled", false}}.dump());
  });
}

}  // namespace lifelong::handlers
