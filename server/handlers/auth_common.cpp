#include "auth_common.hpp"

#include "http/cookies.hpp"

namespace lifelong::handlers {

boost::asio::awaitable<std::optional<http::session>> sign_in(app& a, std::string username, std::string password) {
  co_return co_await net::offload(a.blocking, [&]() -> std::optional<http::session> {
    auto user = a.users.authenticate(username, password);
    if (!user) return std::nullopt;
    return a.sessions.create(user->id, user->username, user->display_name, user->roles);
  });
}

boost::asio::awaitable<void> sign_out(app& a, const http::request& req) {
  if (req.user) co_await net::offload(a.blocking, [&] { a.sessions.destroy(req.user->id); });
}

void add_session_cookie(app& a, http::reply& rep, const http::session& s) {
  rep.header("Set-Cookie", http::set_cookie("ll_sid", s.id, {true, a.cfg.server.secure_cookies, -1}));
}

void clear_session_cookie(app& a, http::reply& rep) {
  rep.header("Set-Cookie", http::set_cookie("ll_sid", "", {true, a.cfg.server.secure_cookies, 0}));
}

}  // namespace lifelong::handlers
