#pragma once
// The home page of the simplified mode (大字简洁版): what the person was watching, with one
// big play button, then a short list of courses picked for older learners, nearest first.

#include "app.hpp"
#include "http/reply.hpp"
#include "http/request.hpp"

namespace lifelong::handlers {

// Courses per page on the simplified list: with the play button and the pager no page
// offers more than six choices.
constexpr int simple_per_page = 4;

// Whether this request to "/" is for the simplified home or its further pages (only
// ?page= may be given; searches and filters get the full catalog).
bool wants_simple_home(const http::request& req);
http::reply simple_home(app& a, const http::request& req, int page_no);

}  // namespace lifelong::handlers
