#include "lrs_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <stdexcept>

#include "common/tokens.hpp"

namespace lifelong::xapi {
namespace {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct address {
  bool tls = false;
  std::string host, port, path;
};

// "http(s)://host[:port][/path]" (checked when the configuration was read).
address parse(const std::string& url) {
  address a;
  a.tls = url.rfind("https://", 0) == 0;
  const auto rest = url.substr(a.tls ? 8 : 7);
  const auto slash = rest.find('/');
  const auto authority = rest.substr(0, slash);
  a.path = slash == std::string::npos ? "" : rest.substr(slash);
  while (!a.path.empty() && a.path.back() == '/') a.path.pop_back();
  const auto colon = authority.rfind(':');
  const bool has_port = colon != std::string::npos && authority.find(']', colon) == std::string::npos;
  a.host = has_port ? authority.substr(0, colon) : authority;
  a.port = has_port ? authority.substr(colon + 1) : (a.tls ? "443" : "80");
  if (a.host.empty()) throw std::runtime_error("the LRS address has no host");
  return a;
}

template <class Stream>
int exchange(Stream& stream, http::request<http::string_body>& req) {
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  return static_cast<int>(res.result_int());
}
}  // namespace

int put_statement(const xapi_settings& lrs, const std::string& statement_id, const std::string& body) {
  const auto a = parse(lrs.endpoint);
  http::request<http::string_body> req{http::verb::put, a.path + "/statements?statementId=" + statement_id, 11};
  req.set(http::field::host, a.host);
  req.set(http::field::content_type, "application/json");
  req.set(http::field::authorization, "Basic " + base64_encode(lrs.username + ":" + lrs.password));
  req.set("X-Experience-API-Version", "1.0.3");
  req.body() = body;
  req.prepare_payload();

  asio::io_context io;
  asio::ip::tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(a.host, a.port);
  if (!a.tls) {
    beast::tcp_stream stream(io);
    stream.expires_after(std::chrono::seconds(10));
    stream.connect(endpoints);
    return exchange(stream, req);
  }
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(asio::ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, tls);
  if (!SSL_set_tlsext_host_name(stream.native_handle(), a.host.c_str()))
    throw std::runtime_error("cannot set the LRS's TLS host name");
  stream.set_verify_callback(asio::ssl::host_name_verification(a.host));
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(10));
  beast::get_lowest_layer(stream).connect(endpoints);
  stream.handshake(asio::ssl::stream_base::client);
  return exchange(stream, req);
}

}  // namespace lifelong::xapi
