// Offline classes and events over JSON: administrators record them and how many came;
// residents list the upcoming ones near home and sign up or cancel.
#include "activity_model.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {

int json_int(const nlohmann::json& body, const char* key, const char* error) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_number_integer()) throw http::bad_request(error, key);
  const auto v = it->get<long long>();
  if (v < 0 || v > 1000000) throw http::bad_request(error, key);
  return static_cast<int>(v);
}

// A class as JSON: category, title, place, starts_at (China time), capacity, and for a
// class already held, participants.
services::new_activity activity_of(const nlohmann::json& body) {
  services::new_activity n;
  n.category = json_text(body, "category");
  n.title = json_text(body, "title");
  n.place = json_text(body, "place");
  n.starts_at = json_text(body, "starts_at");
  n.capacity = json_int(body, "capacity", "errors.activity_capacity_invalid");
  if (body.contains("participants") && !body["participants"].is_null())
    n.participants = json_int(body, "participants", "errors.participants_invalid");
  return n;
}

}  // namespace

void add_activity_api(http::router& r, app& a) {
  r.add("POST", "/api/v1/activities", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto body = json_body(req);
    auto n = activity_of(body);
    auto unit = body.find("unit_id");
    if (unit == body.end() || !unit->is_number_unsigned()) throw http::bad_request("errors.unit_unknown", "unit_id");
    n.unit_id = unit->get<std::uint64_t>();
    const auto id = a.activities.create(who, n);
    return http::json_reply(nlohmann::json{{"id", id}}.dump(), 201);
  });

  // The same fields but the unit: an upcoming class only.
  r.add("PUT", "/api/v1/activities/{id}", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto id = req.id_param("id");
    a.activities.update(who, id, activity_of(json_body(req)));
    return http::json_reply(activity_json(*a.activities.find(id), req.lang).dump());
  });

  r.add("POST", "/api/v1/activities/{id}/cancel", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto id = req.id_param("id");
    a.activities.cancel_activity(who, id);
    return http::json_reply(activity_json(*a.activities.find(id), req.lang).dump());
  });

  r.add("PUT", "/api/v1/activities/{id}/participants", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto id = req.id_param("id");
    const int participants = json_int(json_body(req), "participants", "errors.participants_invalid");
    a.activities.record_participants(who, id, participants);
    auto row = *a.activities.find(id);
    return http::json_reply(activity_json(row, req.lang).dump());
  });

  r.add("GET", "/api/v1/activities", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    auto rows = a.activities.upcoming_for(who, 50);
    nlohmann::json out{{"activities", nlohmann::json::array()}};
    for (const auto& row : rows) out["activities"].push_back(activity_json(row, req.lang));
    return http::json_reply(out.dump());
  });

  r.add("GET", "/api/v1/units/{id}/activities", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto unit = req.id_param("id");
    auto rows = a.activities.of_area(who, unit, 200);
    nlohmann::json out{{"activities", nlohmann::json::array()}};
    for (const auto& row : rows) out["activities"].push_back(activity_json(row, req.lang));
    return http::json_reply(out.dump());
  });

  r.add("PUT", "/api/v1/activities/{id}/signup", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto id = req.id_param("id");
    a.activities.sign_up(who, id);
    auto row = *a.activities.find(id);
    row.signed_up = true;
    return http::json_reply(activity_json(row, req.lang).dump());
  });

  r.add("DELETE", "/api/v1/activities/{id}/signup", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto id = req.id_param("id");
    a.activities.cancel(who, id);
    http::reply rep;
    rep.status = 204;
    return rep;
  });
}

}  // namespace lifelong::handlers
