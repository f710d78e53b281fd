// lifelong-server: the composition root. Builds the pools and services, serves HTTP,
// and on SIGTERM/SIGINT stops accepting and lets in-flight requests finish.
#include <spdlog/spdlog.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app.hpp"
#include "common/logging.hpp"
#include "common/tokens.hpp"
#include "dispatch.hpp"
#include "net/listener.hpp"

namespace asio = boost::asio;

namespace {

// Polls until no request is in flight (at most the grace period), then stops the loop.
void drain_then_stop(asio::io_context& ioc, asio::steady_timer& timer, lifelong::net::server_state& state,
                     int ticks_left) {
  if (state.active_requests == 0 || ticks_left == 0) {
    ioc.stop();
    return;
  }
  timer.expires_after(std::chrono::milliseconds(50));
  timer.async_wait([&, ticks_left](auto) { drain_then_stop(ioc, timer, state, ticks_left - 1); });
}

}  // namespace

int main(int argc, char** argv) {
  const std::string config_path = argc > 1 ? argv[1] : "config/lifelong.toml";
  try {
    lifelong::init_logging("server");
    lifelong::init_crypto();
    const auto cfg = lifelong::load_config(config_path);
    lifelong::app app(cfg);
    lifelong::app_dispatcher dispatcher(app);

    lifelong::net::connection_limits limits;
    limits.max_upload_bytes = cfg.server.max_upload_mb * 1024 * 1024;
    limits.upload_dir = (std::filesystem::path(cfg.media.dir) / "uploading").string();
    lifelong::net::server_state state;

    asio::io_context ioc(cfg.server.io_threads);
    asio::ip::tcp::endpoint endpoint(asio::ip::make_address(cfg.server.listen),
                                     static_cast<unsigned short>(cfg.server.port));
    asio::ip::tcp::acceptor acceptor(ioc);
    acceptor.open(endpoint.protocol());
    acceptor.set_option(asio::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(asio::socket_base::max_listen_connections);
    spdlog::info("listening on http://{}:{}", cfg.server.listen, acceptor.local_endpoint().port());

    asio::co_spawn(ioc, lifelong::net::accept_loop(acceptor, dispatcher, limits, state), asio::detached);

    asio::steady_timer drain_timer(ioc);
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](auto, int signal) {
      spdlog::info("signal {}: finishing {} request(s) in flight", signal, state.active_requests.load());
      state.stopping = true;
      boost::system::error_code ignored;
      acceptor.close(ignored);
      drain_then_stop(ioc, drain_timer, state, 600);  // 30 s grace
    });

    std::vector<std::thread> threads;
    for (int i = 1; i < cfg.server.io_threads; ++i) threads.emplace_back([&] { ioc.run(); });
    ioc.run();
    for (auto& t : threads) t.join();
    app.blocking.stop();
    spdlog::info("stopped");
    spdlog::shutdown();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "lifelong-server: " << e.what() << "\n";
    return 1;
  }
}
