// Course review: a teacher submits a complete course; a reviewer of a unit above the
// course (or a site administrator) approves it or returns it with a comment; published
// courses can be withdrawn or archived. Every step is in the course's audit log.
#include "models.hpp"
#include "pages.hpp"
#include "routes.hpp"
#include "view/local_format.hpp"

namespace lifelong::handlers {
namespace {

http::reply status_reply(app& a, std::uint64_t id) {
  auto c = a.courses.find(id);
  return http::json_reply(nlohmann::json{{"id", id}, {"status", c ? c->status : ""}}.dump());
}

nlohmann::json history_json(const std::vector<services::review_entry>& entries) {
  auto out = nlohmann::json::array();
  for (const auto& e : entries)
    out.push_back({{"actor_id", e.actor_id},
                   {"actor_name", e.actor_name},
                   {"action", e.action},
                   {"comment", e.comment},
                   {"at", view::iso_utc(e.at)}});
  return out;
}

std::string comment_of(const nlohmann::json& body) {
  return json_text(body, "comment");
}

// A step on a course that answers with its new status.
http::reply step_reply(app& a, http::request& req, std::function<void(const services::actor&, std::uint64_t)> step) {
  const auto id = req.id_param("id");
  const auto& who = require_user(req);
  step(who, id);
  return status_reply(a, id);
}

}  // namespace

void add_review_api(http::router& r, app& a) {
  r.add("POST", "/api/v1/courses/{id}/submit", [&a](http::request& req) {
    return step_reply(a, req, [&a](const services::actor& who, std::uint64_t id) { a.reviews.submit(who, id); });
  });

  // The teacher takes a submission back before a reviewer decides.
  r.add("POST", "/api/v1/courses/{id}/recall", [&a](http::request& req) {
    return step_reply(a, req, [&a](const services::actor& who, std::uint64_t id) { a.reviews.recall(who, id); });
  });

  // The teacher goes back to the approved version of a published course.
  r.add("DELETE", "/api/v1/courses/{id}/changes", [&a](http::request& req) {
    return step_reply(a, req,
                      [&a](const services::actor& who, std::uint64_t id) { a.reviews.discard_changes(who, id); });
  });

  r.add("POST", "/api/v1/courses/{id}/review", [&a](http::request& req) {
    require_user(req);  // 401 before anything about the body
    auto body = json_body(req);
    const auto decision = json_text(body, "decision");
    if (decision != "approve" && decision != "return") throw http::bad_request("errors.review_decision", "decision");
    return step_reply(
        a, req,
        [&a, approve = decision == "approve", comment = comment_of(body)](
            const services::actor& who, std::uint64_t id) { a.reviews.decide(who, id, approve, comment); });
  });

  // The teacher may take their own course off the catalog; reviewers any in their area.
  r.add("POST", "/api/v1/courses/{id}/withdraw", [&a](http::request& req) {
    require_user(req);
    return step_reply(a, req, [&a, comment = comment_of(json_body(req))](const services::actor& who, std::uint64_t id) {
      a.reviews.withdraw(who, id, comment);
    });
  });
  r.add("POST", "/api/v1/courses/{id}/archive", [&a](http::request& req) {
    require_user(req);
    return step_reply(a, req, [&a, comment = comment_of(json_body(req))](const services::actor& who, std::uint64_t id) {
      a.reviews.archive(who, id, comment);
    });
  });

  r.add("GET", "/api/v1/courses/{id}/reviews", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    return http::json_reply(nlohmann::json{{"reviews", history_json(a.reviews.history(who, id))}}.dump());
  });

  r.add("GET", "/api/v1/review/queue", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    auto list = review_queue_json(a, req, who);
    return http::json_reply(nlohmann::json{{"courses", list}}.dump());
  });
}

}  // namespace lifelong::handlers
