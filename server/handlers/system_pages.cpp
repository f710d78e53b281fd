// /admin/system: the page a site's operator opens first (services/system_service).
#include <chrono>
#include <cstdio>

#include "pages.hpp"
#include "routes.hpp"
#include "view/local_format.hpp"

namespace lifelong::handlers {
namespace {

std::string one_decimal(double x) {
  char out[32];
  std::snprintf(out, sizeof out, "%.1f", x);
  return out;
}

nlohmann::json reach_model(app& a, const http::request& req, const services::reachability& r) {
  return {{"up", r.up},
          {"detail", r.detail},
          {"round_trip",
           r.up ? a.views.message(req.lang, "system.round_trip", {{"ms", one_decimal(r.milliseconds)}}) : ""}};
}

nlohmann::json replica_model(app& a, const http::request& req, const replica_report& r) {
  if (!r.configured) return {{"configured", false}};
  const auto lag = r.last.lag_seconds ? one_decimal(*r.last.lag_seconds) : "?";
  return {{"configured", true},
          {"in_use", r.in_use},
          {"lag", a.views.message(req.lang, "system.replica_lag", {{"s", lag}})},
          {"problem", r.in_use ? "" : r.last.problem}};
}

nlohmann::json system_model(app& a, const http::request& req, const services::system_report& r) {
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto transcoders = nlohmann::json::array();
  for (const auto& t : r.transcoders) {
    const auto minutes = std::max<long long>(0, (now - t.since) / 60);
    transcoders.push_back({{"worker", t.worker},
                           {"working", t.state == "working"},
                           {"lesson_id", t.lesson_id},
                           {"version", t.media_version},
                           {"percent", t.percent},
                           {"for", a.views.message(req.lang, "system.minutes", {{"n", std::to_string(minutes)}})}});
  }
  nlohmann::json model{{"page_title", a.views.message(req.lang, "system.heading")},
                       {"database", reach_model(a, req, r.database)},
                       {"redis", reach_model(a, req, r.redis)},
                       {"replica", replica_model(a, req, r.replica)},
                       {"transcoders", transcoders},
                       {"has_transcoders", !transcoders.empty()},
                       {"queue_known", r.queue_length.has_value()}};
  if (r.queue_length) {
    const long long pending = r.queue_pending.value_or(0);
    model["queue"] = {{"length", *r.queue_length},
                      {"pending", pending},
                      {"waiting", std::max<long long>(0, *r.queue_length - pending)}};
  }
  model["failed_known"] = r.failed_today.has_value();
  if (r.failed_today) {
    auto failed = nlohmann::json::array();
    for (const auto& f : *r.failed_today)
      failed.push_back(
          {{"lesson_id", f.lesson_id},
           {"lesson_title", f.lesson_title},
           {"course_id", f.course_id},
           {"course_title", f.course_title},
           {"reason",
            a.views.message(req.lang, "lesson_failures." + (f.failure_code.empty() ? "unknown" : f.failure_code))},
           {"code", f.failure_code},
           {"when", view::date_time_text(f.failed_at, req.lang)},
           {"when_iso", view::iso_utc(f.failed_at)}});
    model["failed"] = failed;
    model["has_failed"] = !failed.empty();
    if (r.failed_today_count > static_cast<long long>(failed.size()))
      model["failed_more"] =
          a.views.message(req.lang, "system.failed_count", {{"n", std::to_string(r.failed_today_count)}});
  }
  if (r.media_free_bytes && r.media_total_bytes && *r.media_total_bytes > 0) {
    constexpr double gib = 1024.0 * 1024 * 1024;
    const double share = static_cast<double>(*r.media_free_bytes) / static_cast<double>(*r.media_total_bytes);
    model["disk"] = a.views.message(req.lang, "system.disk_free",
                                    {{"free", one_decimal(*r.media_free_bytes / gib)},
                                     {"total", one_decimal(*r.media_total_bytes / gib)},
                                     {"percent", std::to_string(static_cast<int>(share * 100))}});
    model["disk_low"] = share < 0.1;
  }
  return model;
}

}  // namespace

void add_system_pages(http::router& r, app& a) {
  r.add("GET", "/admin/system", [&a](http::request& req) {
    const auto& who = require_user(req);
    const auto report = a.system.report(who);  // site administrators only
    return page(a, req, "admin_system", system_model(a, req, report));
  });
}

}  // namespace lifelong::handlers
