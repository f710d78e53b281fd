// A teacher's own courses: create, add lessons, upload videos, submit for review.
#include "models.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {

double parse_credits(const std::string& text) {
  if (text.empty()) return 1.0;
  try {
    std::size_t used = 0;
    double v = std::stod(text, &used);
    if (used == text.size()) return v;
  } catch (const std::exception&) {
  }
  throw http::bad_request("errors.credits_invalid", "credits");
}

// The course form: learner groups are checkboxes named group_<code>.
services::course_fields course_fields_of(app& a, const http::params& form) {
  services::course_fields f{
      field(form, "title"), field(form, "summary"), field(form, "category"), parse_credits(field(form, "credits")), {}};
  for (const auto& g : a.courses.learner_groups())
    if (!field(form, "group_" + g.code).empty()) f.learner_groups.push_back(g.code);
  return f;
}

nlohmann::json group_choices(app& a, const std::string& lang, const std::vector<std::string>& chosen) {
  auto out = nlohmann::json::array();
  for (const auto& g : a.courses.learner_groups())
    out.push_back({{"code", g.code},
                   {"name", a.views.message(lang, "learner_groups." + g.code)},
                   {"checked", std::find(chosen.begin(), chosen.end(), g.code) != chosen.end()}});
  return out;
}

// The teacher's page of courses, with the form as typed and what was wrong with it, if anything.
http::reply teach_home(app& a, http::request& req, const http::params& form, const http::http_error* problem) {
  const auto& who = require_role(req, "teacher");
  const auto courses = a.courses.by_teacher(who.user_id);
  const auto categories = a.courses.categories();
  std::vector<std::string> chosen_groups;
  for (const auto& [name, value] : form)
    if (name.rfind("group_", 0) == 0) chosen_groups.push_back(name.substr(6));
  auto groups = group_choices(a, req.lang, chosen_groups);
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : courses) list.push_back(course_json(c, categories, a.media_links, a.views, req.lang));
  auto cats = categories_json(categories, req.lang);
  for (auto& c : cats) c["selected"] = c["code"] == field(form, "category");
  nlohmann::json model{{"courses", list},  {"has_courses", !list.empty()},  {"categories", cats},
                       {"groups", groups}, {"title", field(form, "title")}, {"summary", field(form, "summary")}};
  if (problem) {
    model["error"] = a.views.message(req.lang, problem->message_key);
    model["error_field_" + problem->field] = true;
  }
  return page(a, req, "teach", std::move(model), problem ? problem->status : 200);
}

// Districts and streets to offer a course to (communities would make the list too
// long for a city; a street covers its communities).
nlohmann::json audience_choices(app& a, const std::vector<std::uint64_t>& chosen) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& u : a.units.all())
    if (u.depth == 1 || u.depth == 2)
      out.push_back({{"id", u.id},
                     {"name", u.name},
                     {"is_street", u.depth == 2},
                     {"checked", std::find(chosen.begin(), chosen.end(), u.id) != chosen.end()}});
  return out;
}

// Back to the course's page after a step: with what was done (`done`, a teach.done_*
// key) or the reason it was not possible now (409).
std::string course_page(std::uint64_t course_id, const std::string& done, const std::string& error) {
  auto url = "/teach/courses/" + std::to_string(course_id);
  if (!error.empty()) return url + "?error=" + error;
  return done.empty() ? url : url + "?done=" + done;
}

// A step the course's teacher takes from its page (submit, take back, discard changes);
// `step` returns what to say was done.
http::reply course_step(http::request& req, std::function<std::string(const services::actor&, std::uint64_t)> step) {
  const auto id = req.id_param("id");
  const auto& who = require_user(req);
  std::string done, error;
  try {
    done = step(who, id);
  } catch (const services::error& e) {
    if (e.kind != services::refusal::conflict) throw;
    error = e.message_key.substr(std::string("errors.").size());
  }
  return http::redirect(course_page(id, done, error));
}

// A step on one lesson (rename, move, delete): the service checks who may first, and the
// page says what happened or why not (a bad title, a lesson learners have).
http::reply lesson_step(app& a, http::request& req,
                        std::function<std::string(const services::actor&, std::uint64_t)> step) {
  const auto id = req.id_param("id");
  const auto& who = require_user(req);
  const auto course_id = a.courses.editable_lesson(who, id).course_id;
  std::string done, error;
  try {
    done = step(who, id);
  } catch (const services::error& e) {
    if (e.kind != services::refusal::conflict && e.kind != services::refusal::invalid) throw;
    error = e.message_key.substr(std::string("errors.").size());
  }
  return http::redirect(course_page(course_id, done, error));
}

// What the course page may say was done (?done=), nothing else.
constexpr const char* done_notices[] = {"renamed",           "renamed_pending", "deleted", "submitted",
                                        "changes_submitted", "recalled",        "cover"};

}  // namespace

void add_teacher_pages(http::router& r, app& a) {
  r.add("GET", "/teach", [&a](http::request& req) { return teach_home(a, req, {}, nullptr); });

  r.add("POST", "/teach/courses", [&a](http::request& req) -> http::reply {
    const auto& who = require_role(req, "teacher");
    auto form = form_fields(req);
    std::optional<http::http_error> problem;
    std::uint64_t id = 0;
    try {
      id = a.courses.create(who, course_fields_of(a, form));
    } catch (const std::exception& thrown) {
      const auto e = http::as_http_error(thrown);  // the service refuses in its own words
      if (!e || (e->status != 400)) throw;
      problem = *e;
    }
    if (problem) return teach_home(a, req, form, &*problem);
    return http::redirect("/teach/courses/" + std::to_string(id));
  });

  r.add("GET", "/teach/courses/{id}", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto course = a.courses.editable(who, id);
    // The form shows what the teacher wrote last, pending review or not.
    if (auto pending = a.courses.pending_details(id)) {
      course.title = pending->title;
      course.summary = pending->summary;
      course.category_code = pending->category_code;
      course.credits = pending->credits;
      course.learner_groups = pending->learner_groups;
    }
    const auto captions = a.captions.for_course(id);  // every lesson's, in one query
    nlohmann::json list = nlohmann::json::array();
    const auto lessons = a.courses.lessons(id);
    for (const auto& lesson : lessons) {
      auto j = with_changes(lesson_json(lesson, a.media_links, a.views, req.lang), lesson, course);
      j["has_video"] = lesson.status != "empty";
      j["is_first"] = lesson.id == lessons.front().id;
      j["is_last"] = lesson.id == lessons.back().id;
      j["title_pending"] = lesson.title != lesson.approved_title;
      j["move_up_label"] = a.views.message(req.lang, "teach.move_up_label", {{"title", lesson.title}});
      j["move_down_label"] = a.views.message(req.lang, "teach.move_down_label", {{"title", lesson.title}});
      j["delete_question"] = a.views.message(req.lang, "teach.delete_question", {{"title", lesson.title}});
      const auto found = captions.find(lesson.id);
      j["captions"] =
          captions_json(lesson.id, found == captions.end() ? std::vector<services::caption_row>{} : found->second);
      list.push_back(std::move(j));
    }
    const auto category_list = a.courses.categories();
    const auto returned_comment = a.reviews.returned_comment(id);
    nlohmann::json model{{"course", course_json(course, category_list, a.media_links, a.views, req.lang)},
                         {"lessons", list},
                         {"has_lessons", !list.empty()},
                         {"max_upload_mb", a.cfg.server.max_upload_mb},
                         {"is_draft", course.status == "draft"},
                         {"is_submitted", course.status == "submitted"},
                         {"cover_pending", !course.draft_cover_image.empty()},
                         {"changes_editing", course.changes == "editing"},
                         {"changes_submitted", course.changes == "submitted"},
                         {"has_changes", !course.changes.empty()}};
    if (!returned_comment.empty()) model["returned_comment"] = returned_comment;
    model["audience_units"] = audience_choices(a, course.audience);
    model["whole_city"] = course.audience.empty();
    model["edit_groups"] = group_choices(a, req.lang, course.learner_groups);
    auto edit_categories = categories_json(category_list, req.lang);
    for (auto& c : edit_categories) c["selected"] = c["code"] == course.category_code;
    model["edit_categories"] = edit_categories;
    if (auto e = req.query.find("error"); e != req.query.end() && e->second.find('.') == std::string::npos)
      model["error"] = a.views.message(req.lang, "errors." + e->second);
    if (auto d = req.query.find("done"); d != req.query.end())
      for (const char* known : done_notices)
        if (d->second == known) model["done"] = a.views.message(req.lang, std::string("teach.done_") + known);
    return page(a, req, "teach_course", std::move(model));
  });

  r.add("POST", "/teach/courses/{id}/lessons", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    auto form = form_fields(req);
    std::string error;
    try {
      a.courses.add_lesson(who, id, field(form, "title"));
    } catch (const services::error& e) {
      if (e.kind != services::refusal::invalid) throw;
      error = "title_invalid";
    }
    return http::redirect("/teach/courses/" + std::to_string(id) + (error.empty() ? "" : "?error=" + error));
  });

  r.add("POST", "/teach/lessons/{id}/retry", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    std::string error;
    try {
      a.uploads.retry(who, id);  // checks who may, before anything else
    } catch (const services::error& e) {
      if (e.kind != services::refusal::conflict) throw;
      error = e.message_key.substr(std::string("errors.").size());
    }
    return http::redirect("/teach/courses/" + std::to_string(a.courses.lesson(id).value().course_id) +
                          (error.empty() ? "" : "?error=" + error));
  });

  // The course's own words: title, summary, category, credits, learner groups.
  r.add("POST", "/teach/courses/{id}/details", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    const auto form = form_fields(req);
    a.courses.editable(who, id);  // someone who may not edit hears that, not what is wrong with the form
    std::string error;
    try {
      a.courses.update(who, id, course_fields_of(a, form));
    } catch (const std::exception& thrown) {
      // The service's refusal, or the form's own (credits that are not a number).
      const auto e = http::as_http_error(thrown);
      if (!e || e->status != 400) throw;
      error = e->message_key.substr(std::string("errors.").size());
    }
    return http::redirect("/teach/courses/" + std::to_string(id) + (error.empty() ? "" : "?error=" + error));
  });

  // Checkboxes named unit_<id>; none checked: the whole city.
  r.add("POST", "/teach/courses/{id}/audience", [&a](http::request& req) -> http::reply {
    const auto id = req.id_param("id");
    const auto& who = require_user(req);
    const auto form = form_fields(req);
    std::vector<std::uint64_t> units;
    if (field(form, "scope") == "units")
      for (const auto& [name, value] : form)
        if (name.rfind("unit_", 0) == 0)
          if (const auto unit = http::parse_id(std::string_view(name).substr(5))) units.push_back(unit);
    std::string error;
    try {
      a.courses.set_audience(who, id, units);
    } catch (const services::error& e) {
      if (e.kind != services::refusal::invalid) throw;
      error = e.message_key.substr(std::string("errors.").size());
    }
    return http::redirect("/teach/courses/" + std::to_string(id) + (error.empty() ? "" : "?error=" + error));
  });

  r.add("POST", "/teach/courses/{id}/submit", [&a](http::request& req) {
    return course_step(req, [&a](const services::actor& who, std::uint64_t id) {
      const bool changes = a.courses.editable(who, id).status == "published";
      a.reviews.submit(who, id);
      return std::string(changes ? "changes_submitted" : "submitted");
    });
  });

  r.add("POST", "/teach/courses/{id}/recall", [&a](http::request& req) {
    return course_step(req, [&a](const services::actor& who, std::uint64_t id) {
      a.reviews.recall(who, id);
      return std::string("recalled");
    });
  });

  // Back to the approved version of a published course (the page asks first).
  r.add("POST", "/teach/courses/{id}/changes/discard", [&a](http::request& req) {
    return course_step(req, [&a](const services::actor& who, std::uint64_t id) {
      a.reviews.discard_changes(who, id);
      return std::string();
    });
  });

  r.add("POST", "/teach/lessons/{id}/title", [&a](http::request& req) {
    const auto form = form_fields(req);
    return lesson_step(a, req, [&](const services::actor& who, std::uint64_t id) {
      a.courses.rename_lesson(who, id, field(form, "title"));
      const auto l = a.courses.lesson(id);
      return std::string(l && l->title != l->approved_title ? "renamed_pending" : "renamed");
    });
  });

  // direction=up or down.
  r.add("POST", "/teach/lessons/{id}/move", [&a](http::request& req) {
    const auto form = form_fields(req);
    return lesson_step(a, req, [&](const services::actor& who, std::uint64_t id) {
      a.courses.move_lesson(who, id, field(form, "direction") == "up");
      return std::string();
    });
  });

  // The page asks first (a <details> with the question and the button inside).
  r.add("POST", "/teach/lessons/{id}/delete", [&a](http::request& req) {
    return lesson_step(a, req, [&](const services::actor& who, std::uint64_t id) {
      a.courses.delete_lesson(who, id);
      return std::string("deleted");
    });
  });
}

}  // namespace lifelong::handlers
