#pragma once
#include <boost/asio/awaitable.hpp>
#include <functional>
#include <optional>

#include "reply.hpp"
#include "request.hpp"

namespace lifelong::http {

using handler = std::function<boost::asio::awaitable<reply>(request&)>;
// Runs after the headers and before a streamed body: a reply here refuses the upload
// before any byte is stored.
using admission = std::function<boost::asio::awaitable<std::optional<reply>>(request&)>;

}  // namespace lifelong::http
