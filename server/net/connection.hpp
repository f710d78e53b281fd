#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "server_context.hpp"

namespace lifelong::net {

// Serves one keep-alive connection until the peer leaves, an error, or shutdown.
boost::asio::awaitable<void> serve_connection(boost::asio::ip::tcp::socket socket, dispatcher& app,
                                              const connection_limits& limits, server_state& state);

}  // namespace lifelong::net
