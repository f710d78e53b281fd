// A lesson's state, its video upload, and the learner's saved position.
#include "models.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {

// The lesson as the person sees it and its course, when they may see it at all.
std::pair<services::lesson_row, services::course_row> visible_lesson(app& a, std::uint64_t id,
                                                                     const http::session* who) {
  auto l = a.courses.lesson(id);
  if (!l) throw http::not_found();
  auto c = a.courses.find(l->course_id);
  if (!c || !services::can_view(*c, who)) throw http::not_found();
  auto seen = services::seen_by(*l, *c, who);  // learners: the approved version
  if (!seen) throw http::not_found();
  return {*seen, *c};
}

}  // namespace

void add_lesson_api(http::router& r, app& a) {
  r.add("GET", "/api/v1/lessons/{id}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const http::session* who = req.user ? &*req.user : nullptr;
    auto [lesson, position, captions] = co_await net::offload(a.blocking, [&] {
      auto [l, c] = visible_lesson(a, id, who);
      return std::make_tuple(l, who ? a.learning.position(who->user_id, id) : 0u, a.captions.for_lesson(id));
    });
    auto j = lesson_json(lesson, a.views, req.lang);
    j["position_ms"] = position;
    j["captions"] = captions_json(id, captions);
    co_return http::json_reply(j.dump());
  });

  // The body is the video itself, streamed to disk; admission runs before any byte is read.
  r.add(
      "PUT", "/api/v1/lessons/{id}/video",
      [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
        const auto id = req.id_param("id");
        if (req.upload_size == 0) throw http::bad_request("errors.upload_empty");
        auto lesson = co_await net::offload(a.blocking, [&] {
          // The body as it came, charged to the course's teacher (whose quota it fills).
          const auto teacher = a.courses.find(a.courses.lesson(id).value().course_id).value().teacher_id;
          // Counted where the file is kept, first in its transaction, so uploads at once
          // cannot pass together (the admission below refused early by the declared length).
          a.media.accept_upload(id, req.upload_path, [&](sql::Connection& db) {
            a.uploads.enforce_quota(db, teacher, id, req.upload_size);
          });
          return *a.courses.lesson(id);
        });
        co_return http::json_reply(lesson_json(lesson, a.views, req.lang).dump(), 202);
      },
      http::body_kind::streamed_to_file,
      [&a](http::request& req) -> boost::asio::awaitable<std::optional<http::reply>> {
        const auto id = req.id_param("id");
        const auto& who = require_user(req);
        const auto declared = http::parse_id(req.header("content-length"));
        co_await net::offload(a.blocking, [&] {
          auto [l, c] = visible_lesson(a, id, &who);
          if (!services::can_edit(c, &who)) throw http::forbidden();
          a.uploads.check_quota(c.teacher_id, declared, id);  // refused before a byte is read
        });
        co_return std::nullopt;
      });

  r.add("POST", "/api/v1/lessons/{id}/retry", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto lesson = co_await net::offload(a.blocking, [&] {
      auto [l, c] = visible_lesson(a, id, &who);
      if (!services::can_edit(c, &who)) throw http::forbidden();
      a.media.retry(id);
      return *a.courses.lesson(id);
    });
    co_return http::json_reply(lesson_json(lesson, a.views, req.lang).dump(), 202);
  });

  // Captions as the body (WebVTT or SRT text), for one language.
  r.add("PUT", "/api/v1/lessons/{id}/captions/{lang}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto lang = req.param("lang");
    const auto& who = require_user(req);
    if (req.body.empty()) throw http::bad_request("errors.captions_empty");
    auto captions = co_await net::offload(a.blocking, [&] {
      editable_lesson(a, id, who);
      a.captions.attach(id, lang, req.body);
      return a.captions.for_lesson(id);
    });
    co_return http::json_reply(nlohmann::json{{"captions", captions_json(id, captions)}}.dump());
  });

  r.add("DELETE", "/api/v1/lessons/{id}/captions/{lang}",
        [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
          const auto id = req.id_param("id");
          const auto& who = require_user(req);
          co_await net::offload(a.blocking, [&] {
            editable_lesson(a, id, who);
            a.captions.remove(id, req.param("lang"));
          });
          http::reply rep;
          rep.status = 204;
          co_return rep;
        });

  r.add("PUT", "/api/v1/lessons/{id}/position", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto body = json_body(req);
    auto p = body.find("position_ms");
    if (p == body.end()) throw http::bad_request("errors.position_invalid", "position_ms");
    const auto position = position_of(*p);
    co_await net::offload(a.blocking, [&] {
      visible_lesson(a, id, &who);
      a.learning.save_position(who.user_id, id, position);
    });
    http::reply rep;
    rep.status = 204;
    co_return rep;
  });

  // What the player actually played: {"ranges": [[start, end], …] in seconds, "position_ms"?}.
  // The whole of video.played may be sent every time: seconds already counted add nothing.
  r.add("POST", "/api/v1/lessons/{id}/progress", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto body = json_body(req);
    auto report = progress_report_of(body);
    std::optional<std::uint32_t> position;
    if (auto p = body.find("position_ms"); p != body.end()) position = position_of(*p);
    auto state = co_await net::offload(a.blocking, [&] {
      const auto [seen, course] = visible_lesson(a, id, &who);
      report.unapproved_version = course.status == "published" && seen.media_version != seen.published_version;
      auto s = a.progress.report(who.user_id, id, report);
      if (position) a.learning.save_position(who.user_id, id, *position);
      return s;
    });
    if (state.first_of_course) a.courses.catalog_changed();  // one more learner: "most watched" moves
    co_return http::json_reply(
        nlohmann::json{{"preview", state.preview}, {"capped", state.capped},
                       {"lesson", {{"percent", state.lesson_percent}, {"completed", state.lesson_completed}}},
                       {"course", {{"completed", state.course_completed}, {"credits", state.credits}}}}
            .dump());
  });
}

}  // namespace lifelong::handlers
