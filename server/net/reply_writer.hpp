#pragma once
// Writes a reply on a connection. A file body goes by sendfile(2): the headers through
// Beast, the bytes by the kernel from the page cache to the socket, with no copy in
// this process.
#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstdint>

#include "../http/reply.hpp"

namespace lifelong::net {

enum class file_sending {
  zero_copy,  // sendfile, and reads only where the kernel cannot send the file
  reads,      // read into a buffer and write: the fallback, kept testable
};

// Returns the number of body bytes sent. `idle_seconds` bounds each wait for the
// client to take more bytes (as nginx's send_timeout), not the whole transfer.
boost::asio::awaitable<std::uint64_t> write_reply(boost::beast::tcp_stream& stream, http::reply& rep, unsigned version,
                                                  bool keep_alive, boost::beast::error_code& ec, int idle_seconds = 60,
                                                  file_sending how = file_sending::zero_copy);

}  // namespace lifelong::net
