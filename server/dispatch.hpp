#pragma once
// Turns a routed request into a reply: language, session, CSRF, then the handler;
// typed errors become a page or JSON here, anything else a 500 without internals.
#include "app.hpp"
#include "http/errors.hpp"
#include "net/server_context.hpp"

namespace lifelong {

class app_dispatcher : public net::dispatcher {
 public:
  explicit app_dispatcher(app& a);

  http::match_result route(http::request& req) override { return routes_.match(req); }
  boost::asio::awaitable<std::optional<http::reply>> admit(http::request& req, const http::route& r) override;
  boost::asio::awaitable<http::reply> handle(http::request& req, const http::route& r) override;
  http::reply early_error(http::request& req, int status) override;

 private:
  boost::asio::awaitable<void> identify(http::request& req);
  http::reply error_reply(const http::request& req, const http::http_error& e);

  app& app_;
  http::router routes_;
};

}  // namespace lifelong
