#pragma once
// What every page handler shares: the page frame (user, CSRF token, language
// switch), error pages, and reading input.
#include <nlohmann/json.hpp>

#include "app.hpp"
#include "handlers/json_input.hpp"
#include "http/errors.hpp"
#include "http/reply.hpp"
#include "http/request.hpp"

namespace lifelong::handlers {

// Renders templates/<name>.mustache in the layout, with the frame filled in.
http::reply page(app& a, const http::request& req, const std::string& name, nlohmann::json model, int status = 200);
// A page whose own HTML was rendered before (and perhaps cached), in this person's frame.
http::reply framed_page(app& a, const http::request& req, std::string content, const std::string& page_title);
http::reply error_page(app& a, const http::request& req, const http::http_error& e);

const services::session& require_user(const http::request& req);                           // throws 401
const services::session& require_role(const http::request& req, const std::string& role);  // 401 or 403

http::params form_fields(const http::request& req);
nlohmann::json json_body(const http::request& req);  // throws 400 with a readable message
std::string field(const http::params& form, const std::string& name);

// Blocking: submitted courses this reviewer or site administrator may decide on, as
// JSON course cards; 403 for anyone else.
nlohmann::json review_queue_json(app& a, const http::request& req, const services::session& who);

// ?page=N, 1-based, bounded.
int page_number(const http::request& req);
// Whether to show the simplified pages: the account's choice, or before sign-in the
// ll_mode cookie.
bool simplified_mode(const http::request& req);
// Choices of the device, not the account (cookies): the simplified pages' extra-large
// pointer, and whether a visitor who has never chosen a mode is still to be offered the
// simplified pages. A cached anonymous page differs by both.
bool large_pointer(const http::request& req);
bool offers_simple_mode(const http::request& req);
// ?q=, trimmed and at most 100 characters (longer ones are cut, not refused).
std::string search_query(const http::request& req);
// The signed-in person's home community and the units above it; empty if anonymous.
std::vector<std::uint64_t> home_of(const http::request& req);
// The site's name in a language ([site], else the message catalog's), and the address
// links in mail start with ([server] public_url, else where the server listens).
std::string site_name(const app& a, const std::string& lang);
std::string public_base(const app& a);

}  // namespace lifelong::handlers
