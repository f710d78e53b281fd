// A lesson's state, its video upload, and the learner's saved position.
#include "models.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
void add_lesson_api(http::router& r, app& a) {
  r.add("GET", "/api/v1/lessons/{id}", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const services::session* who = req.user ? &*req.user : nullptr;
    auto j = lesson_json(a.courses.visible_lesson(id, who).first, a.media_links, a.views, req.lang);
    j["position_ms"] = who ? a.learning.position(who->user_id, id) : 0u;
    j["captions"] = captions_json(id, a.captions.for_lesson(id));
    return http::json_reply(j.dump());
  });

  // The body is the video itself, streamed to disk; admission runs before any byte is read.
  r.add(
      "PUT", "/api/v1/lessons/{id}/video",
      [&a](http::request& req) -> http::reply {
        const auto id = req.id_param("id");
        if (req.upload.size == 0) throw http::bad_request("errors.upload_empty");
        const auto& who = require_user(req);
        // The body as it came, charged to the course's teacher (whose quota it fills).
        a.uploads.keep_whole(who, id, req.upload.path, req.upload.size);
        auto lesson = *a.courses.lesson(id);
        return http::json_reply(lesson_json(lesson, a.media_links, a.views, req.lang).dump(), 202);
      },
      http::body_kind::streamed_to_file,
      [&a](http::request& req) -> std::optional<http::reply> {
        const auto id = req.id_param("id");
        const auto& who = require_user(req);
        const auto declared = http::parse_id(req.header("content-length"));
        // Refused before a byte is read.
        a.uploads.admit_whole(who, id, declared);
        return std::nullopt;
      });

  // {"title": "..."}: a published course's approved lesson keeps its title for learners
  // until review (course_service.hpp).
  r.add("PATCH", "/api/v1/lessons/{id}", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    a.courses.rename_lesson(who, id, json_text(json_body(req), "title"));
    return http::json_reply(lesson_json(*a.courses.lesson(id), a.media_links, a.views, req.lang).dump());
  });

  // {"direction": "up" | "down"}
  r.add("POST", "/api/v1/lessons/{id}/move", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    const auto direction = json_text(json_body(req), "direction");
    if (direction != "up" && direction != "down") throw http::bad_request("errors.direction_invalid", "direction");
    a.courses.move_lesson(who, id, direction == "up");
    return http::json_reply(lesson_json(*a.courses.lesson(id), a.media_links, a.views, req.lang).dump());
  });

  r.add("DELETE", "/api/v1/lessons/{id}", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    a.courses.delete_lesson(who, id);
    http::reply rep;
    rep.status = 204;
    return rep;
  });

  r.add("POST", "/api/v1/lessons/{id}/retry", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    a.uploads.retry(who, id);
    auto lesson = *a.courses.lesson(id);
    return http::json_reply(lesson_json(lesson, a.media_links, a.views, req.lang).dump(), 202);
  });

  // Captions as the body (WebVTT or SRT text), for one language.
  r.add("PUT", "/api/v1/lessons/{id}/captions/{lang}", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto lang = req.param("lang");
    const auto& who = require_user(req);
    if (req.body.empty()) throw http::bad_request("errors.captions_empty");
    a.captions.attach(who, id, lang, req.body);
    auto captions = a.captions.for_lesson(id);
    return http::json_reply(nlohmann::json{{"captions", captions_json(id, captions)}}.dump());
  });

  r.add("DELETE", "/api/v1/lessons/{id}/captions/{lang}", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    a.captions.remove(who, id, req.param("lang"));
    http::reply rep;
    rep.status = 204;
    return rep;
  });

  r.add("PUT", "/api/v1/lessons/{id}/position", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto body = json_body(req);
    auto p = body.find("position_ms");
    if (p == body.end()) throw http::bad_request("errors.position_invalid", "position_ms");
    const auto position = position_of(*p);
    a.learning.save_position(who, id, position);
    http::reply rep;
    rep.status = 204;
    return rep;
  });

  // What the player actually played: {"ranges": [[start, end], …] in seconds, "position_ms"?}.
  // The whole of video.played may be sent every time: seconds already counted add nothing.
  r.add("POST", "/api/v1/lessons/{id}/progress", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto body = json_body(req);
    auto report = progress_report_of(body);
    std::optional<std::uint32_t> position;
    if (auto p = body.find("position_ms"); p != body.end()) position = position_of(*p);
    const auto state = a.progress.report(who, id, report);
    if (position) a.learning.save_position(who, id, *position);
    return http::json_reply(
        nlohmann::json{{"preview", state.preview},
                       {"capped", state.capped},
                       {"lesson", {{"percent", state.lesson_percent}, {"completed", state.lesson_completed}}},
                       {"course", {{"completed", state.course_completed}, {"credits", state.credits}}}}
            .dump());
  });
}

}  // namespace lifelong::handlers
