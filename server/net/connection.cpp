#include "connection.hpp"

#include <spdlog/spdlog.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <filesystem>
#include <limits>

#include "../http/file_slice_body.hpp"
#include "../http/form.hpp"
#include "../http/log_redaction.hpp"
#include "common/tokens.hpp"

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

template <class Body>
void copy_headers(bhttp::response<Body>& res, const http::reply& rep) {
  res.set(bhttp::field::server, "lifelong");
  for (const auto& [name, value] : rep.headers) res.set(name, value);
}

// Writes the reply; returns the number of body bytes sent.
asio::awaitable<std::uint64_t> write_reply(beast::tcp_stream& stream, http::reply& rep, unsigned version,
                                           bool keep_alive, beast::error_code& ec) {
  stream.expires_after(60s);
  if (http::refuse_split_headers(rep)) spdlog::error("a reply with a line break or NUL in a header became a 500");
  http::add_security_headers(rep);
  if (rep.file && !rep.head_only) {
    http::file_slice_body::value_type body;
    body.file.open(rep.file->path.c_str(), beast::file_mode::scan, ec);
    if (!ec) {
      body.offset = rep.file->offset;
      body.length = rep.file->length;
      bhttp::response<http::file_slice_body> res{static_cast<bhttp::status>(rep.status), version, std::move(body)};
      copy_headers(res, rep);
      res.keep_alive(keep_alive);
      res.prepare_payload();
      co_await bhttp::async_write(stream, res, use_ec(ec));
      co_return rep.file->length;
    }
    rep = http::reply{};  // the file vanished between the handler's check and now
    rep.status = 404;
    ec = {};
  }
  if (rep.head_only) {
    bhttp::response<bhttp::empty_body> res{static_cast<bhttp::status>(rep.status), version};
    copy_headers(res, rep);
    res.keep_alive(keep_alive);
    res.content_length(rep.file ? rep.file->length : rep.body.size());
    co_await bhttp::async_write(stream, res, use_ec(ec));
    co_return 0;
  }
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(rep.status), version, std::move(rep.body)};
  copy_headers(res, rep);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  co_await bhttp::async_write(stream, res, use_ec(ec));
  co_return res.body().size();
}

// Streams the body to a new file under upload_dir, refreshing the timeout per read so
// a slow phone upload is fine as long as bytes keep coming.
asio::awaitable<int> receive_upload(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                    bhttp::request_parser<bhttp::empty_body>& head, const connection_limits& limits,
                                    http::request& req) {
  std::filesystem::create_directories(limits.upload_dir);
  auto path = (std::filesystem::path(limits.upload_dir) / (random_token() + ".part")).string();
  bhttp::request_parser<bhttp::file_body> parser{std::move(head)};
  parser.body_limit(limits.max_upload_bytes);
  beast::error_code ec;
  parser.get().body().open(path.c_str(), beast::file_mode::write, ec);
  if (ec) {
    spdlog::error("cannot create upload file {}: {}", path, ec.message());
    co_return 500;
  }
  while (!parser.is_done()) {
    stream.expires_after(std::chrono::seconds(limits.idle_seconds));
    co_await bhttp::async_read_some(stream, buffer, parser, use_ec(ec));
    if (ec) break;
  }
  parser.get().body().close();
  if (ec) {
    std::filesystem::remove(path);
    co_return ec == bhttp::error::body_limit ? 413 : -1;
  }
  req.upload_path = path;
  req.upload_size = std::filesystem::file_size(path);
  co_return 0;
}

// Appends the body to the file the admission chose, from req.append_offset. What
// arrives before a break stays (a resumable upload goes on from there) unless the
// request asked for it to be discarded (its checksum could no longer be verified).
// The admission has checked that Content-Length fits; the parser enforces it.
asio::awaitable<int> receive_append(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                    bhttp::request_parser<bhttp::empty_body>& head, const connection_limits& limits,
                                    http::request& req) {
  const auto allowed = head.content_length().value_or(0);
  bhttp::request_parser<bhttp::file_body> parser{std::move(head)};
  parser.body_limit(allowed);
  beast::error_code ec;
  auto& file = parser.get().body().file();
  // Not append_existing: Beast 1.74 opens that without O_APPEND, at offset 0.
  file.open(req.upload_path.c_str(), beast::file_mode::write_existing, ec);
  if (!ec) file.seek(req.append_offset, ec);
  if (ec) {
    spdlog::error("cannot open upload file {}: {}", req.upload_path, ec.message());
    co_return 500;
  }
  while (!parser.is_done()) {
    stream.expires_after(std::chrono::seconds(limits.idle_seconds));
    co_await bhttp::async_read_some(stream, buffer, parser, use_ec(ec));
    if (ec) break;
  }
  file.close(ec);
  if (!parser.is_done()) {
    if (req.discard_partial) std::filesystem::resize_file(req.upload_path, req.append_offset);
    co_return -1;
  }
  req.upload_size = std::filesystem::file_size(req.upload_path) - req.append_offset;
  co_return 0;
}

// Counts a request as in flight (graceful stop waits for these) for its whole scope.
struct in_flight {
  explicit in_flight(server_state& s) : state(s) { ++state.active_requests; }
  ~in_flight() { --state.active_requests; }
  server_state& state;
};

// Reads a form or JSON body into req.body: 0 when read, 413 when too large, -1 when
// the connection broke. Beast checks Content-Length against the limit only while
// parsing the header, so a declared length is checked here; chunked bodies are cut
// off while they are read.
asio::awaitable<int> receive_buffered(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                      bhttp::request_parser<bhttp::empty_body>& head, const connection_limits& limits,
                                      http::request& req) {
  if (head.content_length().value_or(0) > limits.max_body_bytes) co_return 413;
  bhttp::request_parser<bhttp::string_body> parser{std::move(head)};
  parser.body_limit(limits.max_body_bytes);
  stream.expires_after(std::chrono::seconds(limits.idle_seconds));
  beast::error_code ec;
  co_await bhttp::async_read(stream, buffer, parser, use_ec(ec));
  if (ec == bhttp::error::body_limit) co_return 413;
  if (ec) co_return -1;
  req.body = std::move(parser.get().body());
  co_return 0;
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
    http::reply rep;
    bool body_unread = false;

    if (!fill_request(header, req)) {
      rep = app.early_error(req, 400);
      keep_alive = false;
    } else if (auto m = app.route(req); !m.found) {
      rep = app.early_error(req, m.path_known ? 405 : 404);
      body_unread = header.chunked() || head.content_length().value_or(0) > 0;
    } else if (m.found->body == http::body_kind::streamed_to_file ||
               m.found->body == http::body_kind::appended_to_file) {
      const bool appending = m.found->body == http::body_kind::appended_to_file;
      auto length = head.content_length();
      std::optional<http::reply> refusal;
      if (length && *length > limits.max_upload_bytes)
        refusal = app.early_error(req, 413);
      else if (appending && !length)
        refusal = app.early_error(req, 411);  // the admission can only check a declared size
      else
        refusal = co_await app.admit(req, *m.found);
      if (refusal) {
        rep = std::move(*refusal);
        body_unread = true;
      } else {
        if (beast::iequals(header[bhttp::field::expect], "100-continue")) {
          bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, version};
          co_await bhttp::async_write(stream, go_on, use_ec(ec));
        }
        int outcome = appending ? co_await receive_append(stream, buffer, head, limits, req)
                                : co_await receive_upload(stream, buffer, head, limits, req);
        if (outcome == 0)
          rep = co_await app.handle(req, *m.found);
        else if (outcome > 0)
          rep = app.early_error(req, outcome);
        body_unread = outcome != 0;
        // A new file is the handler's to keep (by moving it); otherwise it goes.
        if (!appending && !req.upload_path.empty()) std::filesystem::remove(req.upload_path);
        if (outcome < 0) break;
      }
    } else {
      const int outcome = co_await receive_buffered(stream, buffer, head, limits, req);
      if (outcome < 0) break;
      if (outcome == 0)
        rep = co_await app.handle(req, *m.found);
      else
        rep = app.early_error(req, outcome);
      body_unread = outcome != 0;
    }
    if (req.method == "HEAD") rep.head_only = true;
    if (body_unread) keep_alive = false;
    // Whatever the request held (an upload's lock) is released before the reply goes out:
    // a client may send its next request the moment it reads this one's answer.
    req.hold.reset();
    auto sent = co_await write_reply(stream, rep, version, keep_alive && !state.stopping, ec);
    auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    spdlog::info("{} {} {} {:.1f}ms {}B", req.method, http::loggable_path(req.path.empty() ? req.target : req.path),
                 rep.status, ms, sent);
    if (!ec && body_unread) co_await linger(stream);
    if (ec || !keep_alive) break;
  }
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace lifelong::net
