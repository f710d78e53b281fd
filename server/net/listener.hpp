#pragma once
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "server_context.hpp"

namespace lifelong::net {

// Accepts until the acceptor is closed. On an io_context run by several threads each
// connection needs its own strand; on one run by a single thread (the server runs one
// per thread) a strand would only cost a lock per step, so `strands` says which.
boost::asio::awaitable<void> accept_loop(boost::asio::ip::tcp::acceptor& acceptor, dispatcher& app,
                                         const connection_limits& limits, server_state& state, bool strands = true);

}  // namespace lifelong::net
