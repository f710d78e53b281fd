#include "listener.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "connection.hpp"

namespace asio = boost::asio;

namespace lifelong::net {

asio::awaitable<void> accept_loop(asio::ip::tcp::acceptor& acceptor, dispatcher& app, const connection_limits& limits,
                                  server_state& state, bool strands) {
  auto executor = co_await asio::this_coro::executor;
  while (acceptor.is_open()) {
    boost::system::error_code ec;
    asio::ip::tcp::socket socket(strands ? asio::any_io_executor(asio::make_strand(executor)) : executor);
    co_await acceptor.async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) break;
    if (ec) {
      spdlog::warn("accept: {}", ec.message());  // e.g. out of file descriptors: keep serving the rest
      continue;
    }
    socket.set_option(asio::ip::tcp::no_delay(true), ec);
    auto conn_executor = socket.get_executor();
    asio::co_spawn(conn_executor, serve_connection(std::move(socket), app, limits, state), [](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        spdlog::error("connection: {}", ex.what());
      }
    });
  }
}

}  // namespace lifelong::net
