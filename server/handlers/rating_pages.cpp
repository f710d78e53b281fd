// 评价: stars and a comment from someone who has started a course (its own page, so that a
// refused form comes back with what was typed, and big choices in the simplified mode),
// the comments on the course page, the teacher's reply and the reviewers' hide and show;
// the same over JSON.
#include "rating_pages.hpp"

#include "http/return_path.hpp"
#include "json_input.hpp"
#include "pages.hpp"
#include "routes.hpp"
#include "view/local_format.hpp"

#include <charconv>
#include <cmath>

namespace lifelong::handlers {
namespace {
constexpr int comments_per_page = 20;

std::string stars_text(app& a, const std::string& lang, int stars) {
  return a.views.message(lang, "rating.stars_" + std::to_string(stars));
}

nlohmann::json entry_json(app& a, const std::string& lang, const services::rating_entry& e) {
  nlohmann::json j{{"author_id", e.author_id},
                   {"author_name", e.author_name},
                   {"stars", e.stars},
                   {"stars_text", stars_text(a, lang, e.stars)},
                   {"state", e.state},
                   {"updated_at", view::iso_utc(e.updated_at)},
                   {"date_text", view::date_text(e.updated_at, lang)}};
  // Keys only when there is something, since an empty string is true to the templates.
  if (!e.comment.empty()) j["comment"] = e.comment;
  if (!e.reply.empty()) j["reply"] = e.reply;
  if (e.state == "held") j["held"] = true;
  if (e.state == "hidden") {
    j["hidden"] = true;
    j["hidden_reason"] = e.hidden_reason;
  }
  return j;
}

// The stars and the form, as the rate page shows them (with what was typed, after a refusal).
nlohmann::json rate_model(app& a, const http::request& req, const services::course_row& course, int stars,
                          const std::string& comment) {
  auto choices = nlohmann::json::array();
  for (int s = 5; s >= 1; --s)
    choices.push_back({{"value", s}, {"label", stars_text(a, req.lang, s)}, {"checked", s == stars}});
  nlohmann::json model{{"course", {{"id", course.id}, {"title", course.title}}},
                       {"star_choices", choices},
                       {"page_title", a.views.message(req.lang, "rating.heading") + " · " + course.title}};
  if (!comment.empty()) model["comment"] = comment;
  return model;
}

int stars_of(const std::string& text) {
  return text.size() == 1 && text[0] >= '1' && text[0] <= '5' ? text[0] - '0' : 0;
}
}  // namespace

void add_course_ratings(app& a, const http::request& req, nlohmann::json& model, const services::course_row& course,
                        const services::actor* who) {
  // The counts as they are now, not as a cached course row holds them.
  const auto [count, sum] = a.ratings.summary(course.id);
  model["rating_count"] = count;
  model["rating_average"] = count ? std::round(10.0 * sum / count) / 10 : 0.0;
  if (count > 0) {
    char average[8];
    std::snprintf(average, sizeof average, "%.1f", static_cast<double>(sum) / count);
    model["rating_summary"] = {
        {"text", a.views.message(req.lang, count == 1 ? "course.rating_one" : "course.rating_text",
                                 {{"average", average}, {"count", std::to_string(count)}})}};
  }
  if (who) {
    if (auto mine = a.ratings.own(*who, course.id)) model["my_rating"] = entry_json(a, req.lang, *mine);
    model["may_rate"] = a.ratings.may_rate(*who, course);
  }
  int page_no = 1;
  if (auto it = req.query.find("ratings_page"); it != req.query.end()) {
    const auto& v = it->second;
    int n = 0;
    if (auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
        ec == std::errc() && end == v.data() + v.size())
      page_no = std::clamp(n, 1, 10000);
  }
  const auto found = a.ratings.comments(who, course, (page_no - 1) * comments_per_page, comments_per_page);
  const bool teacher = who && who->user_id == course.teacher_id;
  const bool reviewer = who && services::can_review(course, who);
  auto list = nlohmann::json::array();
  for (const auto& e : found.entries) {
    auto j = entry_json(a, req.lang, e);
    j["course_id"] = course.id;
    if (teacher && e.state == "shown") j["can_reply"] = true;
    if (reviewer) j["can_moderate"] = true;
    list.push_back(std::move(j));
  }
  model["comments"] = list;
  model["has_comments"] = !list.empty();
  const int pages = std::max(1, (found.total + comments_per_page - 1) / comments_per_page);
  if (page_no > 1) model["comments_prev"] = page_no - 1;
  if (page_no < pages) model["comments_next"] = page_no + 1;
}

void add_rating_pages(http::router& r, app& a) {
  r.add("GET", "/courses/{id}/rate", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto course = a.courses.visible(req.id_param("id"), &who);
    if (!a.ratings.may_rate(who, course)) return http::redirect("/courses/" + std::to_string(course.id));
    const auto mine = a.ratings.own(who, course.id);
    return page(a, req, "rate", rate_model(a, req, course, mine ? mine->stars : 0, mine ? mine->comment : ""));
  });

  r.add("POST", "/courses/{id}/rate", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto id = req.id_param("id");
    const auto form = form_fields(req);
    const int stars = stars_of(field(form, "stars"));
    const auto comment = field(form, "comment");
    try {
      a.ratings.rate(who, id, stars, comment);
    } catch (const services::error& e) {
      if (e.kind == services::refusal::not_found || e.kind == services::refusal::forbidden) throw;
      // Back to the form with what was typed and why it was refused.
      auto model = rate_model(a, req, a.courses.visible(id, &who), stars, comment);
      model["error"] = a.views.message(req.lang, e.message_key);
      if (!e.field.empty()) model["error_field_" + e.field] = true;
      if (e.kind != services::refusal::too_many) return page(a, req, "rate", std::move(model), 400);
      auto rep = page(a, req, "rate", std::move(model), 429);
      rep.header("Retry-After", std::to_string(e.retry_after_seconds));
      return rep;
    }
    return http::redirect("/courses/" + std::to_string(id) + "?rated=1#ratings");
  });

  // The teacher's reply, and the reviewers' hide and show, from the course page.
  r.add("POST", "/courses/{id}/ratings/{author}/reply", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    a.ratings.reply(require_user(req), id, req.id_param("author"), field(form_fields(req), "text"));
    return http::redirect("/courses/" + std::to_string(id) + "#ratings");
  });
  for (const bool show : {false, true})
    r.add("POST", std::string("/courses/{id}/ratings/{author}/") + (show ? "show" : "hide"),
          [&a, show](http::request& req) -> http::reply {
            const auto id = req.id_param("id");
            a.ratings.moderate(require_user(req), id, req.id_param("author"), show, field(form_fields(req), "reason"));
            return http::redirect("/courses/" + std::to_string(id) + "#ratings");
          });

  // The same over JSON.
  r.add("PUT", "/api/v1/courses/{id}/rating", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto id = req.id_param("id");
    const auto body = json_body(req);
    const auto stars = body.contains("stars") && body["stars"].is_number_integer() ? body["stars"].get<int>() : 0;
    // No "comment": the stars alone change, the words stay.
    std::string comment;
    if (!body.contains("comment")) {
      if (const auto mine = a.ratings.own(who, id)) comment = mine->comment;
    } else if (!body["comment"].is_string()) {
      throw http::bad_request("errors.comment_invalid", "comment");
    } else {
      comment = body["comment"].get<std::string>();
    }
    a.ratings.rate(who, id, stars, comment);
    const auto mine = a.ratings.own(who, id);
    return http::json_reply(entry_json(a, req.lang, *mine).dump());
  });
  r.add("GET", "/api/v1/courses/{id}/ratings", [&a](http::request& req) -> http::reply {
    const services::session* who = req.user ? &*req.user : nullptr;
    const auto course = a.courses.visible(req.id_param("id"), who);
    nlohmann::json model;
    add_course_ratings(a, req, model, course, who);
    nlohmann::json out{
        {"count", model["rating_count"]}, {"average", model["rating_average"]}, {"comments", model["comments"]}};
    if (model.contains("my_rating")) out["mine"] = model["my_rating"];
    if (model.contains("may_rate")) out["may_rate"] = model["may_rate"];
    return http::json_reply(out.dump());
  });
  r.add("PUT", "/api/v1/courses/{id}/ratings/{author}/reply", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    a.ratings.reply(require_user(req), id, req.id_param("author"), json_text(json_body(req), "text"));
    return http::json_reply(nlohmann::json{{"course_id", id}, {"author_id", req.id_param("author")}}.dump());
  });
  for (const bool show : {false, true})
    r.add("POST", std::string("/api/v1/courses/{id}/ratings/{author}/") + (show ? "show" : "hide"),
          [&a, show](http::request& req) -> http::reply {
            const auto id = req.id_param("id");
            a.ratings.moderate(require_user(req), id, req.id_param("author"), show,
                               json_text(json_body(req), "reason"));
            return http::json_reply(nlohmann::json{{"course_id", id}, {"state", show ? "shown" : "hidden"}}.dump());
          });
}

}  // namespace lifelong::handlers
