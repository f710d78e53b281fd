#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "server_context.hpp"

namespace lifelong::net {

// Accepts until the acceptor is closed; each connection gets its own strand.
boost::asio::awaitable<void> accept_loop(boost::asio::ip::tcp::acceptor& acceptor, dispatcher& app,
                                         const connection_limits& limits, server_state& state);

}  // namespace lifelong::net
