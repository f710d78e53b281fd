#include "dispatch.hpp"

#include <cppconn/exception.h>
#include <spdlog/spdlog.h>

#include "common/mysql_pool.hpp"
#include "common/redis_client.hpp"
#include "handlers/pages.hpp"
#include "handlers/routes.hpp"
#include "http/client_address.hpp"
#include "http/cookies.hpp"
#include "http/errors.hpp"
#include "http/log_redaction.hpp"

namespace lifelong {
namespace {
// An error that comes from a database that is down or restarting (not from a query).
bool mysql_away(const std::exception& e) {
  const auto* sql_error = dynamic_cast<const sql::SQLException*>(&e);
  if (!sql_error) return false;
  switch (sql_error->getErrorCode()) {
    case 1053:  // ER_SERVER_SHUTDOWN
    case 2002:  // CR_CONNECTION_ERROR
    case 2003:  // CR_CONN_HOST_ERROR
    case 2006:  // CR_SERVER_GONE_ERROR
    case 2013:  // CR_SERVER_LOST
    case 2055:  // CR_SERVER_LOST_EXTENDED
      return true;
    default:
      return false;
  }
}

// Redis likewise: no connection, a lost one, or a server loading its data or no longer
// the primary. An error reply of another kind is a bug, and stays a 500.
bool redis_away(const std::exception& e) {
  if (!dynamic_cast<const redis_error*>(&e)) return false;
  const std::string what = e.what();
  for (const char* bug :
       {"redis: ERR ", "redis: WRONGTYPE ", "redis: NOSCRIPT ", "redis: NOAUTH ", "redis: WRONGPASS "})
    if (what.rfind(bug, 0) == 0) return false;
  return true;
}

// The person hears "try again shortly" (503 with Retry-After), and the player retries.
std::optional<http::http_error> database_away(const std::exception& e) {
  if (dynamic_cast<const pool_exhausted*>(&e)) {  // every connection in use for mysql.wait_ms
    http::http_error busy(503, "unavailable", "errors.server_busy");
    busy.headers.emplace_back("Retry-After", "2");
    return busy;
  }
  if (!mysql_away(e) && !redis_away(e)) return std::nullopt;
  http::http_error away(503, "unavailable", "errors.database_away");
  away.headers.emplace_back("Retry-After", "5");
  return away;
}
}  // namespace
namespace {

bool changes_state(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

std::string submitted_csrf(const http::request& req) {
  if (auto h = req.header("x-csrf-token"); !h.empty()) return h;
  if (req.header("content-type").rfind("application/x-www-form-urlencoded", 0) == 0) {
    auto form = http::parse_urlencoded(req.body);
    if (auto it = form.find("_csrf"); it != form.end()) return it->second;
  }
  return {};
}

// A signed-in request must carry its session's token; an anonymous page form (sign-in,
// registration) the token from its own csrf cookie (double submit). Anonymous API
// calls need neither: they carry no one's authority, and the API reads bodies only as
// application/json, which another site cannot send without a CORS preflight this
// server never grants (so no sign-in CSRF either).
void check_csrf(const http::request& req) {
  if (!req.user && req.wants_json()) return;
  const auto sent = submitted_csrf(req);
  const auto expected = req.user ? req.user->csrf : http::cookie_value(req.header("cookie"), "ll_csrf").value_or("");
  if (sent.empty() || expected.empty() || sent != expected) throw http::forbidden("errors.csrf");
}

}  // namespace

app_dispatcher::app_dispatcher(app& a)
    : app_(a),
      blocking_({a.cfg.server.blocking_threads, a.cfg.server.blocking_queue_limit,
                 std::chrono::milliseconds(a.cfg.server.blocking_wait_ms)}) {
  handlers::add_all_routes(routes_, a);
  blocking_.on_wait([&metrics = a.metrics](auto waited) { metrics.blocking_waited(waited); });
  a.metrics.registry().add_reading({"lifelong_blocking_pending", "Calls running on or waiting for the blocking pool",
                                    metric_reading::kind::gauge, [this] { return double(blocking_.pending()); }});
}

void app_dispatcher::finished(const http::request& req, const http::route* r, int status,
                              std::chrono::steady_clock::duration took) {
  // Labels come from a fixed set: a client's made-up method or path adds no series.
  const bool known_method =
      r && (req.method == "GET" || req.method == "HEAD" || req.method == "POST" || req.method == "PUT" ||
            req.method == "PATCH" || req.method == "DELETE" || req.method == "OPTIONS");
  app_.metrics.request_done(r ? std::string_view(r->pattern) : std::string_view("unmatched"),
                            known_method ? std::string_view(req.method) : std::string_view("other"), status, took);
  const bool upload =
      r && (r->body == http::body_kind::appended_to_file || r->body == http::body_kind::streamed_to_file);
  if (upload && status >= 200 && status < 300) app_.metrics.upload_received(req.upload.size);
}

void app_dispatcher::read_language(http::request& req) {
  if (app_.cfg.server.trust_proxy) req.remote = http::client_address(req.header("x-forwarded-for"), req.remote);
  auto lang_param = req.query.find("lang");
  req.lang = view::choose_language(lang_param == req.query.end() ? "" : lang_param->second,
                                   http::cookie_value(req.header("cookie"), "lang").value_or(""),
                                   req.header("accept-language"));
}

// Blocking (Redis): the signed-in person, then the CSRF check of a state change.
void app_dispatcher::identify(http::request& req, bool uploading) {
  if (auto sid = http::cookie_value(req.header("cookie"), "ll_sid")) req.user = app_.sessions.load(*sid);
  // Streamed uploads are for signed-in people only: an anonymous one is told to sign in
  // (by the route's admission) rather than that its token is missing.
  if (changes_state(req.method) && (req.user || !uploading)) check_csrf(req);
}

boost::asio::awaitable<std::optional<http::reply>> app_dispatcher::admit(http::request& req, const http::route& r) {
  std::optional<http::http_error> refused;
  std::optional<http::reply> answer;
  read_language(req);  // here, so that even a refusal by a busy pool speaks the reader's language
  try {
    // One trip to the blocking pool: the session, then the route's admission.
    answer = co_await net::offload(blocking_, [&]() -> std::optional<http::reply> {
      identify(req, true);
      return r.admit ? r.admit(req) : std::nullopt;
    });
  } catch (const std::exception& e) {
    refused = refusal_of(req, e);
  }
  if (refused) co_return error_reply(req, *refused);
  co_return answer;
}

boost::asio::awaitable<http::reply> app_dispatcher::handle(http::request& req, const http::route& r) {
  std::optional<http::http_error> failed;
  try {
    // admit() already identified uploads (and read the language).
    bool identified = r.body == http::body_kind::streamed_to_file || r.body == http::body_kind::appended_to_file;
    if (!identified) read_language(req);  // on the event loop: even a refusal by a busy pool speaks it
    if (r.quick) {
      // What is the same for everyone needs no session (a trip to the pool); else the
      // session (if any) first, since the quick answer may depend on who asks.
      if (r.quick_for_anyone && !identified && !changes_state(req.method))
        if (auto answer = r.quick(req)) co_return std::move(*answer);
      if (!identified && http::cookie_value(req.header("cookie"), "ll_sid"))
        co_await net::offload(blocking_, [&] { identify(req, false); });
      else if (!identified && changes_state(req.method))
        check_csrf(req);
      identified = true;
      if (auto answer = r.quick(req)) co_return std::move(*answer);
      if (!r.handle) throw http::not_found();
    }
    // One trip to the blocking pool: the session and the handler.
    const bool own_writes = reads_own_writes(req);
    co_return remember_change(req, co_await net::offload(blocking_, [&] {
                                replica_reads::primary_scope reads_primary(own_writes);
                                if (!identified) identify(req, false);
                                return r.handle(req);
                              }));
  } catch (const std::exception& e) {
    failed = refusal_of(req, e);
  }
  co_return remember_change(req, error_reply(req, *failed));
}

// With a replica, a person who changes something reads the primary for a while, on
// whichever server they reach next: the cookie says until when (Unix seconds). A made-up
// one only sends that person's reads to the primary, which serves them anyway.
bool app_dispatcher::reads_own_writes(const http::request& req) const {
  if (!app_.reads.configured()) return false;
  if (changes_state(req.method)) return true;
  const auto until = http::cookie_value(req.header("cookie"), "ll_fresh");
  if (!until || until->empty() || until->size() > 12 || until->find_first_not_of("0123456789") != std::string::npos)
    return false;
  const auto now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  return std::stoll(*until) >= now;
}

http::reply app_dispatcher::remember_change(const http::request& req, http::reply rep) const {
  if (!app_.reads.configured() || !changes_state(req.method)) return rep;
  const auto window = app_.reads.fresh_window();
  const auto until = std::chrono::system_clock::now() + window;
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(until.time_since_epoch()).count();
  rep.header("Set-Cookie", http::set_cookie("ll_fresh", std::to_string(seconds),
                                            {true, app_.cfg.server.secure_cookies, window.count()}));
  return rep;
}

// What a person hears when a request fails: its own refusal, "try again shortly" when a
// store is away, and otherwise a 500 that says nothing of the internals (logged here).
http::http_error app_dispatcher::refusal_of(const http::request& req, const std::exception& e) {
  if (const auto* refused = dynamic_cast<const http::http_error*>(&e)) return *refused;
  if (const auto* refused = dynamic_cast<const services::error*>(&e)) return http::from_refusal(*refused);
  spdlog::error("{} {}: {}", req.method, http::loggable_path(req.path), e.what());
  return database_away(e).value_or(http::http_error(500, "internal", "errors.internal"));
}

http::reply app_dispatcher::early_error(http::request& req, int status) {
  switch (status) {
    case 404:
      return error_reply(req, http::not_found());
    case 405:
      return error_reply(req, http::http_error(405, "method_not_allowed", "errors.method_not_allowed"));
    case 413:
      return error_reply(req, http::too_large());
    case 411:
      return error_reply(req, http::http_error(411, "length_required", "errors.length_required"));
    case 431:
      return error_reply(req, http::http_error(431, "headers_too_large", "errors.bad_request"));
    default:
      return error_reply(req, http::http_error(status, status == 400 ? "bad_request" : "internal",
                                               status == 400 ? "errors.bad_request" : "errors.internal"));
  }
}

http::reply app_dispatcher::error_reply(const http::request& req, const http::http_error& e) {
  if (req.wants_json() || req.path.empty()) {
    nlohmann::json body{{"error", {{"code", e.code}, {"message", app_.views.message(req.lang, e.message_key)}}}};
    if (!e.field.empty()) body["error"]["field"] = e.field;
    for (const auto& p : e.lines)
      body["error"]["lines"].push_back(
          {{"line", p.line}, {"message", app_.views.message(req.lang, p.message_key)}, {"value", p.value}});
    auto rep = http::json_reply(body.dump(), e.status);
    for (const auto& [name, value] : e.headers) rep.header(name, value);
    return rep;
  }
  if (e.status == 401) return http::redirect("/login?next=" + http::url_encode(req.target));
  auto rep = handlers::error_page(app_, req, e);
  for (const auto& [name, value] : e.headers) rep.header(name, value);
  return rep;
}

}  // namespace lifelong
