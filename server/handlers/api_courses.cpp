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
  r.add("PUT", "/api/v1/courses/{id}/audience", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    const auto units = unit_ids_of(json_body(req));
    a.courses.set_audience(who, id, units);
    const auto course = *a.courses.find(id);
    return http::json_reply(nlohmann::json{{"id", id}, {"audience", course.audience}}.dump());
  });

  r.add("GET", "/api/v1/categories", [&a](http::request& req) -> http::reply {
    auto cats = a.courses.categories();
    return http::json_reply(nlohmann::json{{"categories", categories_json(cats, req.lang)}}.dump());
  });

  r.add("GET", "/api/v1/learner-groups", [&a](http::request& req) -> http::reply {
    auto groups = a.courses.learner_groups();
    auto list = nlohmann::json::array();
    for (const auto& g : groups)
      list.push_back({{"code", g.code}, {"name", a.views.message(req.lang, "learner_groups." + g.code)}});
    return http::json_reply(nlohmann::json{{"learner_groups", list}}.dump());
  });

  // Site administrators add a category or rename one (both names, order, for older adults).
  r.add("PUT", "/api/v1/categories/{code}", [&a](http::request& req) -> http::reply {
    const auto& who = require_role(req, "site_admin");  // before reading the body (the service checks too)
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
    a.courses.save_category(who, c);
    return http::json_reply(nlohmann::json{{"code", c.code}}.dump());
  });

  r.add("DELETE", "/api/v1/categories/{code}", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto code = req.param("code");
    a.courses.remove_category(who, code);
    return http::json_reply(nlohmann::json{{"code", code}, {"removed", true}}.dump());
  });

  // The catalog: ?q, category, group, unit, sort (catalog_query.hpp), page.
  r.add("GET", "/api/v1/courses", [&a](http::request& req) -> http::reply {
    const int page_no = page_number(req);
    const auto cats = a.courses.categories();
    const auto q = read_catalog_query(req, cats, a.courses.learner_groups());
    const auto found = a.courses.catalog(q.filter, (page_no - 1) * per_page, per_page, home_of(req));
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : found.courses) list.push_back(course_json(c, cats, a.media_links, a.views, req.lang));
    return http::json_reply(
        nlohmann::json{{"courses", list}, {"page", page_no}, {"per_page", per_page}, {"total", found.total}}.dump());
  });

  // Suggestions while one types a search (?q): the best matching course titles, then
  // the categories the words name; at most 8.
  r.add("GET", "/api/v1/search/suggestions", [&a](http::request& req) -> http::reply {
    const auto cats = a.courses.categories();
    const auto q = read_catalog_query(req, cats, a.courses.learner_groups());
    nlohmann::json list = nlohmann::json::array();
    if (q.filter.searching) {
      auto f = q.filter;
      f.order = services::catalog_order::best_match;
      for (const auto& c : a.courses.catalog(f, 0, 6, home_of(req)).courses)
        list.push_back({{"text", c.title}, {"kind", "course"}, {"url", "/courses/" + std::to_string(c.id)}});
      for (const auto& code : q.filter.categories)
        for (const auto& c : cats)
          if (c.code == code && list.size() < 8)
            list.push_back({{"text", req.lang == "en" ? c.name_en : c.name_zh},
                            {"kind", "category"},
                            {"url", "/?category=" + code}});
    }
    return http::json_reply(nlohmann::json{{"suggestions", list}}.dump());
  });

  r.add("GET", "/api/v1/courses/{id}", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const services::session* who = req.user ? &*req.user : nullptr;
    const auto course = a.courses.visible(id, who);
    auto j = course_json(course, a.courses.categories(), a.media_links, a.views, req.lang);
    j["lessons"] = nlohmann::json::array();
    for (const auto& l : a.courses.lessons_seen_by(course, who))
      j["lessons"].push_back(with_changes(lesson_json(l, a.media_links, a.views, req.lang), l, course));
    // The teacher and reviewers see the working copy and its pending changes.
    const bool working = services::sees_working_copy(course, who) && !course.changes.empty();
    if (const auto pending = working ? a.courses.pending_details(id) : std::nullopt)
      j["pending_changes"] = {{"title", pending->title},
                              {"summary", pending->summary},
                              {"category", pending->category_code},
                              {"credits", pending->credits},
                              {"learner_groups", pending->learner_groups}};
    j["enrolled"] = who && a.learning.is_enrolled(who->user_id, id);
    j["audience"] = course.audience;
    return http::json_reply(j.dump());
  });

  r.add("POST", "/api/v1/courses", [&a](http::request& req) -> http::reply {
    const auto& who = require_role(req, "teacher");  // before reading the body (the service checks too)
    const auto fields = course_fields_of(json_body(req));
    auto id = a.courses.create(who, fields);
    return http::json_reply(nlohmann::json{{"id", id}}.dump(), 201);
  });

  // Rewrites title, summary, category, credits and learner groups (all of them).
  // The body is the picture itself (JPEG, PNG or WebP, at most 10 MB), streamed to disk
  // after the admission; ffmpeg redraws it (cover_service.hpp).
  r.add(
      "PUT", "/api/v1/courses/{id}/cover",
      [&a](http::request& req) -> http::reply {
        const auto id = req.id_param("id");
        const auto& who = require_user(req);
        a.covers.attach(who, id, req.upload.path, req.upload.size);
        const auto course = a.courses.editable(who, id);
        return http::json_reply(course_json(course, a.courses.categories(), a.media_links, a.views, req.lang).dump());
      },
      http::body_kind::streamed_to_file,
      [&a](http::request& req) -> std::optional<http::reply> {
        const auto& who = require_user(req);
        a.covers.admit(who, req.id_param("id"), http::parse_id(req.header("content-length")));
        return std::nullopt;
      });

  r.add("PUT", "/api/v1/courses/{id}", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    a.courses.editable(who, id);  // someone who may not edit hears that, not what is wrong with the body
    a.courses.update(who, id, course_fields_of(json_body(req)));
    return http::json_reply(nlohmann::json{{"id", id}}.dump());
  });

  r.add("POST", "/api/v1/courses/{id}/lessons", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto body = json_body(req);
    auto lesson_id = a.courses.add_lesson(who, id, json_text(body, "title"));
    return http::json_reply(nlohmann::json{{"id", lesson_id}}.dump(), 201);
  });

  r.add("PUT", "/api/v1/courses/{id}/enrolment", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    a.learning.enrol(who, id);
    return http::json_reply(nlohmann::json{{"course_id", id}, {"enrolled", true}}.dump());
  });

  // Leaving keeps what was learned (progress, credits); enrolling again continues.
  r.add("DELETE", "/api/v1/courses/{id}/enrolment", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    a.learning.leave(who, id);
    return http::json_reply(nlohmann::json{{"course_id", id}, {"enrolled", false}}.dump());
  });
}

}  // namespace lifelong::handlers
