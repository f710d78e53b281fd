// Offline classes and events as pages: /activities for residents (upcoming near home, sign
// up or cancel), /admin/activities for administrators (record one, and how many came;
// edit or cancel an upcoming one).
#include "activity_model.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {

// Blocking: the residents' page, with what went wrong if anything.
http::reply activities_page(app& a, const http::request& req, const services::session& who, const std::string& notice,
                            const http::http_error* e) {
  nlohmann::json model{{"has_home", !who.home_path.empty()}, {"activities", nlohmann::json::array()}};
  for (const auto& row : a.activities.upcoming_for(who, 50))
    model["activities"].push_back(activity_json(row, req.lang));
  std::map<std::string, std::string> names;
  for (const auto& c : a.courses.categories()) names[c.code] = req.lang == "en" ? c.name_en : c.name_zh;
  for (auto& item : model["activities"]) item["category_name"] = names[item["category"].get<std::string>()];
  model["has_activities"] = !model["activities"].empty();
  if (!notice.empty()) model["notice"] = a.views.message(req.lang, notice);
  if (e) model["error"] = a.views.message(req.lang, e->message_key);
  model["page_title"] = a.views.message(req.lang, "activities.heading");
  return page(a, req, "activities", std::move(model), e ? e->status : 200);
}

// Blocking: the administrators' page; `typed` keeps a refused form's values.
http::reply admin_page(app& a, const http::request& req, const services::session& who, const http::params& typed,
                       const http::http_error* e) {
  const auto root = a.units.administered_root(who);
  if (!root) throw http::forbidden();
  nlohmann::json units = nlohmann::json::array();
  const auto chosen = typed.count("unit_id") ? typed.at("unit_id") : std::to_string(*root);
  for (const auto& u : a.units.subtree(*root))
    units.push_back(
        {{"id", u.id}, {"name", std::string(u.depth * 2, ' ') + u.name}, {"selected", std::to_string(u.id) == chosen}});
  nlohmann::json categories = nlohmann::json::array();
  for (const auto& c : a.courses.categories())
    categories.push_back({{"code", c.code},
                          {"name", req.lang == "en" ? c.name_en : c.name_zh},
                          {"selected", typed.count("category") && typed.at("category") == c.code}});
  nlohmann::json list = nlohmann::json::array();
  for (const auto& row : a.activities.of_area(who, *root, 200)) list.push_back(activity_json(row, req.lang));
  nlohmann::json model{{"units", units},     {"categories", categories},
                       {"activities", list}, {"has_activities", !list.empty()},
                       {"typed", typed},     {"page_title", a.views.message(req.lang, "activities.admin_heading")}};
  if (req.query.count("done")) model["notice"] = a.views.message(req.lang, "activities.saved");
  if (e) {
    model["error"] = a.views.message(req.lang, e->message_key);
    if (!e->field.empty()) model["error_field_" + e->field] = true;
  }
  return page(a, req, "admin_activities", std::move(model), e ? e->status : 200);
}

int form_int(const http::params& form, const char* name) {
  const auto text = field(form, name);
  if (text.empty() || text.size() > 7 || text.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoi(text);
}

// The class form's fields (the unit only when it is made). Participants left empty: none
// given (an upcoming class); anything else must be a number.
services::new_activity activity_of(const http::params& form) {
  services::new_activity n{http::parse_id(field(form, "unit_id")),
                           field(form, "category"),
                           field(form, "title"),
                           field(form, "place"),
                           field(form, "starts_at"),
                           form_int(form, "capacity"),
                           std::nullopt};
  if (!field(form, "participants").empty()) n.participants = form_int(form, "participants");
  return n;
}

// A step on one class from the administrators' page: back to it, or the page with the reason.
http::reply admin_step(app& a, http::request& req,
                       const std::function<void(const services::session&, std::uint64_t, const http::params&)>& step) {
  const auto& who = require_user(req);
  const auto id = req.id_param("id");
  const auto form = form_fields(req);
  try {
    step(who, id, form);
    return http::redirect("/admin/activities?done=1");
  } catch (const std::exception& thrown) {
    const auto e = http::as_http_error(thrown);  // the service refuses in its own words
    if (!e || (e->status != 400 && e->status != 409)) throw;
    return admin_page(a, req, who, {}, &*e);
  }
}

}  // namespace

void add_activity_pages(http::router& r, app& a) {
  r.add("GET", "/activities", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const std::string notice = req.query.count("signed_up")   ? "activities.signed_up"
                               : req.query.count("cancelled") ? "activities.cancelled"
                                                              : "";
    return activities_page(a, req, who, notice, nullptr);
  });

  for (const std::string action : {"signup", "cancel"})
    r.add("POST", "/activities/{id}/" + action, [&a, action](http::request& req) -> http::reply {
      const auto& who = require_user(req);
      const auto id = req.id_param("id");
      try {
        if (action == "cancel") {
          a.activities.cancel(who, id);
          return http::redirect("/activities?cancelled=1");
        }
        a.activities.sign_up(who, id);
        return http::redirect("/activities?signed_up=1");
      } catch (const std::exception& thrown) {
        const auto e = http::as_http_error(thrown);  // the service refuses in its own words
        if (!e || (e->status != 409)) throw;
        return activities_page(a, req, who, "", &*e);
      }
    });

  r.add("GET", "/admin/activities", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    return admin_page(a, req, who, {}, nullptr);
  });

  r.add("POST", "/admin/activities", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto form = form_fields(req);
    try {
      const auto n = activity_of(form);
      if (!n.unit_id) throw http::bad_request("errors.unit_unknown", "unit_id");
      a.activities.create(who, n);
      return http::redirect("/admin/activities?done=1");
    } catch (const std::exception& thrown) {
      const auto e = http::as_http_error(thrown);  // the service refuses in its own words
      if (!e || (e->status != 400)) throw;
      return admin_page(a, req, who, form, &*e);
    }
  });

  r.add("POST", "/admin/activities/{id}/participants", [&a](http::request& req) {
    return admin_step(a, req, [&a](const services::session& who, std::uint64_t id, const http::params& form) {
      a.activities.record_participants(who, id, form_int(form, "participants"));
    });
  });

  r.add("POST", "/admin/activities/{id}/edit", [&a](http::request& req) {
    return admin_step(a, req, [&a](const services::session& who, std::uint64_t id, const http::params& form) {
      a.activities.update(who, id, activity_of(form));
    });
  });

  // The page asks first, saying how many signed up and that they will see it.
  r.add("POST", "/admin/activities/{id}/cancel", [&a](http::request& req) {
    return admin_step(a, req, [&a](const services::session& who, std::uint64_t id, const http::params&) {
      a.activities.cancel_activity(who, id);
    });
  });
}

}  // namespace lifelong::handlers
