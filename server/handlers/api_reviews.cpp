// Course review: a teacher submits a complete course; a reviewer of a unit above the
// course (or a site administrator) approves it or returns it with a comment; published
// courses can be withdrawn or archived. Every step is in the course's audit log.
#include "models.hpp"
#include "pages.hpp"
#include "routes.hpp"
#include "view/local_format.hpp"

namespace lifelong::handlers {
namespace {

services::course_row visible_course(app& a, std::uint64_t id, const http::session& who) {
  auto c = a.courses.find(id);
  if (!c || !services::can_view(*c, &who)) throw http::not_found();
  return *c;
}

// Reviewers decide on other people's courses, never their own.
void require_reviewer_of(const services::course_row& c, const http::session& who) {
  if (!services::can_review(c, &who)) throw http::forbidden();
  if (c.teacher_id == who.user_id) throw http::forbidden("errors.own_course_review");
}

http::reply status_reply(app& a, std::uint64_t id) {
  auto c = a.courses.find(id);
  return http::json_reply(nlohmann::json{{"id", id}, {"status", c ? c->status : ""}}.dump());
}

nlohmann::json history_json(const std::vector<services::review_entry>& entries) {
  auto out = nlohmann::json::array();
  for (const auto& e : entries)
    out.push_back({{"actor_id", e.actor_id}, {"actor_name", e.actor_name}, {"action", e.action},
                   {"comment", e.comment}, {"at", view::iso_utc(e.at)}});
  return out;
}

std::string comment_of(const nlohmann::json& body) {
  return json_text(body, "comment");
}

// Withdraw or archive: reviewers of the area, and the teacher too when `teacher_may`.
// (A plain coroutine with its arguments by value; see docs/gotchas.md.)
boost::asio::awaitable<http::reply> take_step(
    app& a, http::request& req, bool teacher_may,
    std::function<void(std::uint64_t, std::uint64_t, const std::string&)> step) {
  const auto id = req.id_param("id");
  const auto& who = require_user(req);
  auto body = json_body(req);
  co_return co_await net::offload(a.blocking, [&] {
    auto c = visible_course(a, id, who);
    if (!services::can_review(c, &who) && !(teacher_may && services::can_edit(c, &who))) throw http::forbidden();
    step(id, who.user_id, comment_of(body));
    return status_reply(a, id);
  });
}

// A step only the course's teacher (or a site administrator) takes.
boost::asio::awaitable<http::reply> teacher_step(app& a, http::request& req,
                                                 std::function<void(std::uint64_t, std::uint64_t)> step) {
  const auto id = req.id_param("id");
  const auto& who = require_user(req);
  co_return co_await net::offload(a.blocking, [&] {
    editable_course(a, id, who);
    step(id, who.user_id);
    return status_reply(a, id);
  });
}

}  // namespace

void add_review_api(http::router& r, app& a) {
  r.add("POST", "/api/v1/courses/{id}/submit", [&a](http::request& req) {
    return teacher_step(a, req, [&a](std::uint64_t id, std::uint64_t actor) { a.reviews.submit(id, actor); });
  });

  // The teacher goes back to the approved version of a published course.
  r.add("DELETE", "/api/v1/courses/{id}/changes", [&a](http::request& req) {
    return teacher_step(a, req, [&a](std::uint64_t id, std::uint64_t actor) { a.reviews.discard_changes(id, actor); });
  });

  r.add("POST", "/api/v1/courses/{id}/review", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto body = json_body(req);
    const auto decision = json_text(body, "decision");
    if (decision != "approve" && decision != "return") throw http::bad_request("errors.review_decision", "decision");
    co_return co_await net::offload(a.blocking, [&] {
      require_reviewer_of(visible_course(a, id, who), who);
      a.reviews.decide(id, who.user_id, decision == "approve", comment_of(body));
      return status_reply(a, id);
    });
  });

  // The teacher may take their own course off the catalog; reviewers any in their area.
  r.add("POST", "/api/v1/courses/{id}/withdraw", [&a](http::request& req) {
    return take_step(a, req, true, [&a](std::uint64_t id, std::uint64_t actor, const std::string& comment) {
      a.reviews.withdraw(id, actor, comment);
    });
  });
  r.add("POST", "/api/v1/courses/{id}/archive", [&a](http::request& req) {
    return take_step(a, req, false, [&a](std::uint64_t id, std::uint64_t actor, const std::string& comment) {
      a.reviews.archive(id, actor, comment);
    });
  });

  r.add("GET", "/api/v1/courses/{id}/reviews", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    co_return co_await net::offload(a.blocking, [&] {
      auto c = visible_course(a, id, who);
      if (!services::can_edit(c, &who) && !services::can_review(c, &who)) throw http::forbidden();
      return http::json_reply(nlohmann::json{{"reviews", history_json(a.reviews.history(id))}}.dump());
    });
  });

  r.add("GET", "/api/v1/review/queue", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto& who = require_user(req);
    auto list = co_await net::offload(a.blocking, [&] { return review_queue_json(a, req, who); });
    co_return http::json_reply(nlohmann::json{{"courses", list}}.dump());
  });
}

}  // namespace lifelong::handlers
