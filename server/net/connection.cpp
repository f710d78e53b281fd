#include "connection.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <limits>

#include "../http/form.hpp"
#include "../http/log_redaction.hpp"
#include "common/tokens.hpp"
#include "reply_writer.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using namespace std::chrono_literals;

namespace lifelong::net {
namespace {

constexpr auto use_ec = [](beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); };

// Copies what a handler needs out of Beast's header; false if the path is not valid.
bool fill_request(const bhttp::request_header<>& h, http::request& req) {
  req.method = std::string(h.method_string());
  req.target = std::string(h.target());
  auto [path, query] = http::split_target(req.target);
  auto decoded = http::url_decode(path, false);
  if (!decoded || decoded->empty() || decoded->front() != '/') return false;
  req.path = std::move(*decoded);
  req.query = http::parse_urlencoded(query);
  for (const auto& field : h) {
    std::string name(field.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    req.headers[name] = std::string(field.value());
  }
  return true;
}

// What became of a request's body.
enum class body_read {
  complete,
  too_large,     // past the route's limit: 413, and the rest is not read
  cannot_store,  // the upload folder refused the file: 500
  broken,        // the connection broke or went idle: nothing to answer
};

http::reply refusal_for(dispatcher& app, http::request& req, body_read what) {
  return app.early_error(req, what == body_read::too_large ? 413 : 500);
}

// Reads the rest of a body into `parser` (a file body), refreshing the timeout per read
// so a slow phone upload is fine as long as bytes keep coming.
template <class Parser>
asio::awaitable<beast::error_code> read_rest(beast::tcp_stream& stream, beast::flat_buffer& buffer, Parser& parser,
                                             const connection_limits& limits) {
  beast::error_code ec;
  while (!parser.is_done()) {
    stream.expires_after(std::chrono::seconds(limits.idle_seconds));
    co_await bhttp::async_read_some(stream, buffer, parser, use_ec(ec));
    if (ec) break;
  }
  co_return ec;
}

// Streams the body to a new file under upload_dir (named in req.upload).
asio::awaitable<body_read> receive_new_file(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                            bhttp::request_parser<bhttp::empty_body>& head,
                                            const connection_limits& limits, http::request& req) {
  std::filesystem::create_directories(limits.upload_dir);
  auto path = (std::filesystem::path(limits.upload_dir) / (random_token() + ".part")).string();
  bhttp::request_parser<bhttp::file_body> parser{std::move(head)};
  parser.body_limit(limits.max_upload_bytes);
  beast::error_code ec;
  parser.get().body().open(path.c_str(), beast::file_mode::write, ec);
  if (ec) {
    spdlog::error("cannot create upload file {}: {}", path, ec.message());
    co_return body_read::cannot_store;
  }
  ec = co_await read_rest(stream, buffer, parser, limits);
  parser.get().body().close();
  if (ec) {
    std::filesystem::remove(path);
    co_return ec == bhttp::error::body_limit ? body_read::too_large : body_read::broken;
  }
  req.upload.path = path;
  req.upload.size = std::filesystem::file_size(path);
  co_return body_read::complete;
}

// Appends the body to the file the admission chose (req.upload), from its offset. What
// arrives before a break stays (a resumable upload goes on from there) unless the
// admission said otherwise (a part whose checksum could no longer be verified). The
// admission has checked that Content-Length fits; the parser enforces it.
asio::awaitable<body_read> receive_append(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                          bhttp::request_parser<bhttp::empty_body>& head,
                                          const connection_limits& limits, http::request& req) {
  const auto allowed = head.content_length().value_or(0);
  bhttp::request_parser<bhttp::file_body> parser{std::move(head)};
  parser.body_limit(allowed);
  beast::error_code ec;
  auto& file = parser.get().body().file();
  // Not append_existing: Beast 1.74 opens that without O_APPEND, at offset 0.
  file.open(req.upload.path.c_str(), beast::file_mode::write_existing, ec);
  if (!ec) file.seek(req.upload.offset, ec);
  if (ec) {
    spdlog::error("cannot open upload file {}: {}", req.upload.path, ec.message());
    co_return body_read::cannot_store;
  }
  co_await read_rest(stream, buffer, parser, limits);
  file.close(ec);
  if (!parser.is_done()) {
    if (!req.upload.keep_partial) std::filesystem::resize_file(req.upload.path, req.upload.offset);
    co_return body_read::broken;
  }
  req.upload.size = std::filesystem::file_size(req.upload.path) - req.upload.offset;
  co_return body_read::complete;
}

// Counts a request as in flight (graceful stop waits for these) for its whole scope.
struct in_flight {
  explicit in_flight(server_state& s) : state(s) { ++state.active_requests; }
  ~in_flight() { --state.active_requests; }
  server_state& state;
};

// Reads a form or JSON body into req.body. Beast checks Content-Length against the
// limit only while parsing the header, so a declared length is checked here; chunked
// bodies are cut off while they are read.
asio::awaitable<body_read> receive_buffered(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                            bhttp::request_parser<bhttp::empty_body>& head,
                                            const connection_limits& limits, http::request& req) {
  if (head.content_length().value_or(0) > limits.max_body_bytes) co_return body_read::too_large;
  if (head.is_done()) co_return body_read::complete;  // no body (most GETs): no read, no timer
  bhttp::request_parser<bhttp::string_body> parser{std::move(head)};
  parser.body_limit(limits.max_body_bytes);
  stream.expires_after(std::chrono::seconds(limits.idle_seconds));
  beast::error_code ec;
  co_await bhttp::async_read(stream, buffer, parser, use_ec(ec));
  if (ec == bhttp::error::body_limit) co_return body_read::too_large;
  if (ec) co_return body_read::broken;
  req.body = std::move(parser.get().body());
  co_return body_read::complete;
}

// How a request ended, for the connection: the reply, whether the body was left unread
// (then the connection closes after a linger), and whether it broke (no reply at all).
struct exchange {
  http::reply rep;
  bool body_unread = false;
  bool broken = false;
};

// A route whose body goes to a file: size and admission first (a refusal costs no
// disk), then the body, then the handler.
asio::awaitable<exchange> serve_file_body(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                          bhttp::request_parser<bhttp::empty_body>& head, dispatcher& app,
                                          const http::route& route, const connection_limits& limits,
                                          http::request& req) {
  // Named results only: GCC 12 frees a temporary in `co_return T{co_await ...}` too early.
  exchange out;
  out.body_unread = true;  // until the body is read
  const bool appending = route.body == http::body_kind::appended_to_file;
  const auto length = head.content_length();
  if (length && *length > limits.max_upload_bytes) {
    out.rep = app.early_error(req, 413);
    co_return out;
  }
  if (appending && !length) {  // the admission can only check a declared size
    out.rep = app.early_error(req, 411);
    co_return out;
  }
  if (auto refused = co_await app.admit(req, route)) {
    out.rep = std::move(*refused);
    co_return out;
  }
  if (beast::iequals(head.get()[bhttp::field::expect], "100-continue")) {
    beast::error_code ec;
    bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, head.get().version()};
    co_await bhttp::async_write(stream, go_on, use_ec(ec));
  }
  const auto read = appending ? co_await receive_append(stream, buffer, head, limits, req)
                              : co_await receive_new_file(stream, buffer, head, limits, req);
  if (read == body_read::complete) {
    out.body_unread = false;
    out.rep = co_await app.handle(req, route);
  } else if (read == body_read::broken) {
    out.broken = true;
  } else {
    out.rep = refusal_for(app, req, read);
  }
  // A new file is the handler's to keep (by moving it); otherwise it goes.
  if (!appending && !req.upload.path.empty()) std::filesystem::remove(req.upload.path);
  co_return out;
}

asio::awaitable<exchange> serve_buffered_body(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                              bhttp::request_parser<bhttp::empty_body>& head, dispatcher& app,
                                              const http::route& route, const connection_limits& limits,
                                              http::request& req) {
  exchange out;
  const auto read = co_await receive_buffered(stream, buffer, head, limits, req);
  if (read == body_read::broken) {
    out.broken = true;
  } else if (read != body_read::complete) {
    out.rep = refusal_for(app, req, read);
    out.body_unread = true;
  } else {
    out.rep = co_await app.handle(req, route);
  }
  co_return out;
}

// After refusing a body it did not read, the server half-closes and reads for a moment
// before closing: closing with unread data would send a reset that can destroy the
// error response before the client reads it (nginx's lingering close).
asio::awaitable<void> linger(beast::tcp_stream& stream) {
  beast::error_code ec;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  std::array<char, 16384> scratch;
  std::size_t drained = 0;
  stream.expires_after(2s);
  while (!ec && drained < (64u << 20)) drained += co_await stream.async_read_some(asio::buffer(scratch), use_ec(ec));
}

}  // namespace

asio::awaitable<void> serve_connection(asio::ip::tcp::socket socket, dispatcher& app, const connection_limits& limits,
                                       server_state& state) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  beast::error_code ec;
  std::string remote = stream.socket().remote_endpoint(ec).address().to_string();

  while (!state.stopping) {
    bhttp::request_parser<bhttp::empty_body> head;
    head.header_limit(16 * 1024);
    // Limits apply once the route is known. (Not boost::none: Beast 1.74 compares the
    // length against the optional, and every length is greater than none.)
    head.body_limit(std::numeric_limits<std::uint64_t>::max());
    stream.expires_after(std::chrono::seconds(limits.idle_seconds));
    co_await bhttp::async_read_header(stream, buffer, head, use_ec(ec));
    if (ec) {
      const bool malformed = ec != bhttp::error::end_of_stream &&
                             ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
      if (malformed) {
        spdlog::info("{}: unreadable request: {}", remote, ec.message());
        http::request bad;
        auto rep = app.early_error(bad, ec == bhttp::error::header_limit ? 431 : 400);
        co_await write_reply(stream, rep, 11, false, ec);
      }
      break;
    }
    const in_flight counted(state);
    const auto started = std::chrono::steady_clock::now();
    const auto& header = head.get();
    const unsigned version = header.version();
    bool keep_alive = header.keep_alive();
    http::request req;
    req.remote = remote;
    req.peer = remote;
    exchange done;
    const http::route* routed = nullptr;
    if (!fill_request(header, req)) {
      done.rep = app.early_error(req, 400);
      keep_alive = false;
    } else if (auto m = app.route(req); !m.found) {
      done.rep = app.early_error(req, m.path_known ? 405 : 404);
      done.body_unread = header.chunked() || head.content_length().value_or(0) > 0;
    } else if (routed = m.found; m.found->body == http::body_kind::streamed_to_file ||
                                 m.found->body == http::body_kind::appended_to_file) {
      done = co_await serve_file_body(stream, buffer, head, app, *m.found, limits, req);
    } else {
      done = co_await serve_buffered_body(stream, buffer, head, app, *m.found, limits, req);
    }
    if (done.broken) {
      app.finished(req, routed, 0, std::chrono::steady_clock::now() - started);
      break;
    }
    auto& rep = done.rep;
    const bool body_unread = done.body_unread;
    if (req.method == "HEAD") rep.head_only = true;
    if (body_unread) keep_alive = false;
    // Whatever the request held (an upload's lock) is released before the reply goes out:
    // a client may send its next request the moment it reads this one's answer.
    req.upload.hold.reset();
    auto sent = co_await write_reply(stream, rep, version, keep_alive && !state.stopping, ec);
    const auto took = std::chrono::steady_clock::now() - started;
    app.finished(req, routed, rep.status, took);
    auto ms = std::chrono::duration<double, std::milli>(took).count();
    spdlog::info("{} {} {} {:.1f}ms {}B", req.method, http::loggable_path(req.path.empty() ? req.target : req.path),
                 rep.status, ms, sent);
    if (!ec && body_unread) co_await linger(stream);
    if (ec || !keep_alive) break;
  }
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace lifelong::net
