#pragma once
// What a route runs. Plain functions, no coroutines: the dispatcher decides where.
#include <functional>
#include <optional>

#include "reply.hpp"
#include "request.hpp"

namespace lifelong::http {

// Most routes: runs on the blocking pool, after the session was loaded there, so it calls
// services (MySQL, Redis, password hashing) directly, in order, as plain code.
using handler = std::function<reply(request&)>;

// Runs on the event loop's thread and must not block (the pools refuse there): answers
// from memory or a file at once (a cached page, a static file, media whose access is
// remembered), or nullopt to hand the request on to the route's handler.
using quick_handler = std::function<std::optional<reply>(request&)>;

// Runs on the blocking pool after the headers and before a streamed body: a reply here
// refuses the upload before any byte is stored.
using admission = std::function<std::optional<reply>(request&)>;

}  // namespace lifelong::http
