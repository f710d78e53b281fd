#pragma once
// Turns a routed request into a reply: language, session, CSRF, then the handler, on the
// blocking pool in one trip (a route's quick handler first, on the event loop); typed
// errors become a page or JSON here, anything else a 500 without internals.
#include "app.hpp"
#include "http/errors.hpp"
#include "net/blocking_pool.hpp"
#include "net/server_context.hpp"

namespace lifelong {

class app_dispatcher : public net::dispatcher {
 public:
  explicit app_dispatcher(app& a);

  // Where handlers, admissions and the server's own background work run (bounded).
  net::blocking_pool& blocking() { return blocking_; }

  http::match_result route(http::request& req) override { return routes_.match(req); }
  boost::asio::awaitable<std::optional<http::reply>> admit(http::request& req, const http::route& r) override;
  boost::asio::awaitable<http::reply> handle(http::request& req, const http::route& r) override;
  http::reply early_error(http::request& req, int status) override;
  void finished(const http::request& req, const http::route* r, int status,
                std::chrono::steady_clock::duration took) override;

 private:
  void read_language(http::request& req);
  bool reads_own_writes(const http::request& req) const;
  http::reply remember_change(const http::request& req, http::reply rep) const;
  void identify(http::request& req, bool uploading);
  static http::http_error refusal_of(const http::request& req, const std::exception& e);
  http::reply error_reply(const http::request& req, const http::http_error& e);

  app& app_;
  net::blocking_pool blocking_;
  http::router routes_;
};

}  // namespace lifelong
