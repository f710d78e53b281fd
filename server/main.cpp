// lifelong-server: the composition root. Builds the pools and services, serves HTTP,
// and on SIGTERM/SIGINT stops accepting and lets in-flight requests finish.
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <thread>

#include "app.hpp"
#include "common/io_thread.hpp"
#include "common/logging.hpp"
#include "common/migrations.hpp"
#include "common/site_turn.hpp"
#include "common/tokens.hpp"
#include "dispatch.hpp"
#include "handlers/message_mail.hpp"
#include "mail/outbox.hpp"
#include "net/listener.hpp"

namespace asio = boost::asio;

namespace {

// One event loop per thread, each with its own listening socket on the same port
// (SO_REUSEPORT: the kernel spreads the connections), as nginx runs its workers: a
// connection stays on one thread, so it needs no strand and no cross-thread wake-ups.
struct event_loop {
  asio::io_context ioc{1};
  asio::ip::tcp::acceptor acceptor{ioc};
};

using reuse_port = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

// Polls until no request is in flight (at most the grace period), then stops every loop.
void drain_then_stop(std::vector<std::unique_ptr<event_loop>>& loops, asio::steady_timer& timer,
                     lifelong::net::server_state& state, int ticks_left) {
  if (state.active_requests == 0 || ticks_left == 0) {
    for (auto& loop : loops) loop->ioc.stop();
    return;
  }
  timer.expires_after(std::chrono::milliseconds(50));
  timer.async_wait([&, ticks_left](auto) { drain_then_stop(loops, timer, state, ticks_left - 1); });
}

// Removes expired unfinished uploads and their bytes, now and every ten minutes: on one
// server of the site per nine minutes, whichever asks first (common/site_turn.hpp).
asio::awaitable<void> sweep_uploads(lifelong::app& app, lifelong::net::blocking_pool& blocking,
                                    lifelong::net::server_state& state) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (!state.stopping) {
    try {
      co_await lifelong::net::offload(blocking, [&] {
        if (lifelong::take_site_turn(app.redis, "sweep-uploads", std::chrono::minutes(9))) app.uploads.remove_expired();
      });
    } catch (const std::exception& e) {
      spdlog::warn("upload sweep: {}", e.what());  // MySQL away: try again next time
    }
    timer.expires_after(std::chrono::minutes(10));
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

// Nudges those who left a course unfinished for a week (services/message_service.hpp):
// hourly, on one server of the site per 55 minutes.
asio::awaitable<void> send_nudges(lifelong::app& app, lifelong::net::blocking_pool& blocking,
                                  lifelong::net::server_state& state) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (!state.stopping) {
    try {
      co_await lifelong::net::offload(blocking, [&] {
        if (!lifelong::take_site_turn(app.redis, "send-nudges", std::chrono::minutes(55))) return;
        if (const int sent = app.messages.send_nudges(); sent > 0) spdlog::info("nudges: {} sent", sent);
      });
    } catch (const std::exception& e) {
      spdlog::warn("nudges: {}", e.what());  // MySQL away: try again next hour
    }
    timer.expires_after(std::chrono::hours(1));
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

// Hands what waits in an outbox (xAPI statements for the credit bank's LRS, mail for
// the SMTP server) on: again at once while there are more, every two seconds when idle,
// and after a doubling pause (up to `longest_pause`) while the other side refuses or is
// away. Nothing is lost meanwhile: it waits in the outbox. `deliver` returns an
// outbox_delivery.
template <class Deliver>
asio::awaitable<void> deliver_outbox(const char* name, Deliver deliver, int batch, int longest_pause,
                                     lifelong::net::blocking_pool& blocking, lifelong::net::server_state& state) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  int pause_seconds = 2;
  while (!state.stopping) {
    auto wait = std::chrono::seconds(2);
    try {
      auto d = co_await lifelong::net::offload(blocking, deliver);
      if (d.failed) {
        spdlog::warn("{}: {} sent, then {}; trying again in {} s", name, d.sent, d.error, pause_seconds);
        wait = std::chrono::seconds(pause_seconds);
        pause_seconds = std::min(pause_seconds * 2, longest_pause);
      } else {
        pause_seconds = 2;
        if (d.sent == batch) wait = std::chrono::seconds(0);
      }
    } catch (const std::exception& e) {
      spdlog::warn("{}: {}", name, e.what());  // MySQL away: try again
    }
    timer.expires_after(wait);
    boost::system::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

// Every connection is a file descriptor: Debian's default soft limit (1,024) would stop a
// busy server long before its memory does, so take all the hard limit allows (as nginx's
// worker_rlimit_nofile does).
void raise_open_files_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  const auto before = limit.rlim_cur;
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &limit) == 0)
    spdlog::info("open files: {} (was {})", static_cast<unsigned long long>(limit.rlim_cur),
                 static_cast<unsigned long long>(before));
}

}  // namespace

int main(int argc, char** argv) {
  const std::string config_path = argc > 1 ? argv[1] : "config/lifelong.toml";
  const lifelong::logging_scope logging;  // ends last, after every thread that logs
  try {
    lifelong::init_logging("server");
    raise_open_files_limit();
    lifelong::init_crypto();
    const auto cfg = lifelong::load_config(config_path);
    lifelong::require_schema_if_reachable(cfg.mysql);
    lifelong::app app(cfg);
    lifelong::app_dispatcher dispatcher(app);

    lifelong::net::connection_limits limits;
    limits.max_upload_bytes = cfg.server.max_upload_mb * 1024 * 1024;
    limits.upload_dir = (std::filesystem::path(cfg.media.dir) / "uploading").string();
    lifelong::net::server_state state;
    app.metrics.registry().add_reading({"lifelong_http_requests_in_flight", "Requests read and not yet answered",
                                        lifelong::metric_reading::kind::gauge,
                                        [&state] { return double(state.active_requests.load()); }});

    asio::ip::tcp::endpoint endpoint(asio::ip::make_address(cfg.server.listen),
                                     static_cast<unsigned short>(cfg.server.port));
    std::vector<std::unique_ptr<event_loop>> loops;
    for (int i = 0; i < cfg.server.io_threads; ++i) {
      auto& loop = *loops.emplace_back(std::make_unique<event_loop>());
      loop.acceptor.open(endpoint.protocol());
      loop.acceptor.set_option(asio::socket_base::reuse_address(true));
      loop.acceptor.set_option(reuse_port(true));
      loop.acceptor.bind(endpoint);
      loop.acceptor.listen(asio::socket_base::max_listen_connections);
      asio::co_spawn(loop.ioc, lifelong::net::accept_loop(loop.acceptor, dispatcher, limits, state, false),
                     asio::detached);
    }
    spdlog::info("listening on http://{}:{} ({} threads)", cfg.server.listen, cfg.server.port, loops.size());
    auto& first = loops.front()->ioc;
    asio::co_spawn(first, sweep_uploads(app, dispatcher.blocking(), state), asio::detached);
    asio::co_spawn(first, send_nudges(app, dispatcher.blocking(), state), asio::detached);
    if (cfg.xapi.enabled())
      asio::co_spawn(first,
                     deliver_outbox(
                         "xapi", [&app] { return lifelong::xapi::deliver_waiting(app.db, app.cfg.xapi, 100); }, 100,
                         cfg.xapi.retry_max_seconds, dispatcher.blocking(), state),
                     asio::detached);
    if (cfg.mail.enabled())
      asio::co_spawn(first,
                     deliver_outbox(
                         "mail",
                         [&app] {
                           try {  // messages for those who asked for mail; never in the way of other mail
                             lifelong::handlers::queue_message_mail(app);
                           } catch (const std::exception& e) {
                             spdlog::warn("message mail: {}", e.what());
                           }
                           return lifelong::mail::deliver_waiting(app.db, app.cfg.mail, 50);
                         },
                         50, 300, dispatcher.blocking(), state),
                     asio::detached);

    asio::steady_timer drain_timer(first);
    // sendfile(2) has no MSG_NOSIGNAL: a client gone mid-download must be an EPIPE on
    // that connection, not the end of the process.
    std::signal(SIGPIPE, SIG_IGN);
    asio::signal_set signals(first, SIGINT, SIGTERM);
    signals.async_wait([&](auto, int signal) {
      spdlog::info("signal {}: finishing {} request(s) in flight", signal, state.active_requests.load());
      state.stopping = true;
      for (auto& loop : loops)
        asio::post(loop->ioc, [&acceptor = loop->acceptor] {
          boost::system::error_code ignored;
          acceptor.close(ignored);
        });
      drain_then_stop(loops, drain_timer, state, 600);  // 30 s grace
    });

    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < loops.size(); ++i)
      threads.emplace_back([&, i] {
        lifelong::io_thread_mark never_blocks;
        loops[i]->ioc.run();
      });
    {
      lifelong::io_thread_mark never_blocks;
      first.run();
    }
    for (auto& t : threads) t.join();
    dispatcher.blocking().stop();
    spdlog::info("stopped");
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "lifelong-server: " << e.what() << "\n";
    return 1;
  }
}
