#pragma once
// What every page handler shares: the page frame (user, CSRF token, language
// switch), error pages, and reading input.
#include <nlohmann/json.hpp>

#include "app.hpp"
#include "http/errors.hpp"
#include "handlers/json_input.hpp"
#include "http/reply.hpp"
#include "http/request.hpp"

namespace lifelong::handlers {

// Renders templates/<name>.mustache in the layout, with the frame filled in.
http::reply page(app& a, const http::request& req, const std::string& name, nlohmann::json model, int status = 200);
// A page whose own HTML was rendered before (and perhaps cached), in this person's frame.
http::reply framed_page(app& a, const http::request& req, std::string content, const std::string& page_title);
http::reply error_page(app& a, const http::request& req, const http::http_error& e);

const http::session& require_user(const http::request& req);                           // throws 401
const http::session& require_role(const http::request& req, const std::string& role);  // 401 or 403

http::params form_fields(const http::request& req);
nlohmann::json json_body(const http::request& req);  // throws 400 with a readable message
std::string field(const http::params& form, const std::string& name);

// A course the person may edit (blocking): 404 when they cannot even see it, 403 when
// they can see but not edit it.
services::course_row editable_course(app& a, std::uint64_t id, const http::session& who);
// A published course offered to this person, to enrol in (blocking): 404 otherwise.
services::course_row open_course(app& a, std::uint64_t id, const http::session& who);
// Leaves a course the person can see (blocking): 404 otherwise. Idempotent.
void leave_course(app& a, std::uint64_t id, const http::session& who);
// The same for a lesson, through its course.
services::lesson_row editable_lesson(app& a, std::uint64_t id, const http::session& who);

// Blocking: submitted courses this reviewer or site administrator may decide on, as
// JSON course cards; 403 for anyone else.
nlohmann::json review_queue_json(app& a, const http::request& req, const http::session& who);

// ?page=N, 1-based, bounded.
int page_number(const http::request& req);
// Whether to show the simplified pages: the account's choice, or before sign-in the
// ll_mode cookie.
bool simplified_mode(const http::request& req);
// ?q=, trimmed and at most 100 characters (longer ones are cut, not refused).
std::string search_query(const http::request& req);
// The signed-in person's home community and the units above it; empty if anonymous.
std::vector<std::uint64_t> home_of(const http::request& req);

}  // namespace lifelong::handlers
