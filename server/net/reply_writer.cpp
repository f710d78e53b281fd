#include "reply_writer.hpp"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>

#include <spdlog/spdlog.h>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <chrono>
#include <memory>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

namespace lifelong::net {
namespace {

constexpr auto use_ec = [](beast::error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); };

template <class Body>
void copy_headers(bhttp::response<Body>& res, const http::reply& rep, bool keep_alive) {
  res.set(bhttp::field::server, "lifelong");
  // A later header of a name replaces an earlier one, but for Set-Cookie: each is a
  // cookie of its own (a sign-in sets the session's and, with a replica, ll_fresh).
  for (const auto& [name, value] : rep.headers)
    if (beast::iequals(name, "set-cookie"))
      res.insert(name, value);
    else
      res.set(name, value);
  res.keep_alive(keep_alive);
}

// Closes the descriptor when the reply is done, however it ends.
struct open_file {
  explicit open_file(const char* path) : fd(::open(path, O_RDONLY | O_CLOEXEC)) {}
  ~open_file() {
    if (fd >= 0) ::close(fd);
  }
  open_file(const open_file&) = delete;
  open_file& operator=(const open_file&) = delete;
  int fd;
};

enum class sent_how { done, failed, unsupported };

// sendfile on the non-blocking socket, waiting for writability whenever the socket's
// buffer is full. `unsupported` (nothing sent yet) when this file cannot be sent so.
asio::awaitable<sent_how> send_by_kernel(asio::ip::tcp::socket& socket, int fd, std::uint64_t offset,
                                         std::uint64_t length, std::uint64_t& sent, int idle_seconds,
                                         beast::error_code& ec) {
  socket.native_non_blocking(true, ec);
  if (ec) co_return sent_how::failed;
  auto position = static_cast<off_t>(offset);
  asio::steady_timer idle(socket.get_executor());
  while (sent < length) {
    // Linux sends at most about 2 GiB per call; larger files take several.
    const auto chunk = static_cast<std::size_t>(std::min<std::uint64_t>(length - sent, 1u << 30));
    const auto n = ::sendfile(socket.native_handle(), fd, &position, chunk);
    if (n > 0) {
      sent += static_cast<std::uint64_t>(n);
      continue;
    }
    if (n == 0) {  // the file shrank under us
      ec = bhttp::error::short_read;
      co_return sent_how::failed;
    }
    if (errno == EINTR) continue;
    if ((errno == EINVAL || errno == ENOSYS) && sent == 0) co_return sent_how::unsupported;
    if (errno != EAGAIN && errno != EWOULDBLOCK) {
      ec.assign(errno, beast::system_category());
      co_return sent_how::failed;
    }
    // The timer cancels the wait only while this coroutine is still in it: both may
    // complete in one turn of the loop, and a late "expired" must not cancel the next
    // wait, or touch a socket that is gone.
    auto waiting = std::make_shared<bool>(true);
    idle.expires_after(std::chrono::seconds(idle_seconds));
    idle.async_wait([&socket, waiting](beast::error_code e) {
      if (!e && *waiting) socket.cancel();  // the client took nothing for idle_seconds
    });
    co_await socket.async_wait(asio::ip::tcp::socket::wait_write, use_ec(ec));
    *waiting = false;
    idle.cancel();
    if (ec) co_return sent_how::failed;
  }
  co_return sent_how::done;
}

// The fallback: the slice read in 64 KiB pieces and written.
asio::awaitable<void> send_by_reads(beast::tcp_stream& stream, int fd, std::uint64_t offset, std::uint64_t length,
                                    std::uint64_t& sent, int idle_seconds, beast::error_code& ec) {
  constexpr std::size_t piece = 64 * 1024;
  const auto buffer = std::make_unique<char[]>(piece);
  while (sent < length) {
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(length - sent, piece));
    const auto got = ::pread(fd, buffer.get(), want, static_cast<off_t>(offset + sent));
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {  // a read error, or the file shrank under us
      ec = got < 0 ? beast::error_code(errno, beast::system_category()) : bhttp::error::short_read;
      co_return;
    }
    stream.expires_after(std::chrono::seconds(idle_seconds));
    sent += co_await asio::async_write(stream, asio::buffer(buffer.get(), static_cast<std::size_t>(got)), use_ec(ec));
    if (ec) co_return;
  }
}

// Headers and then the file's bytes; false when the file is gone (nothing was sent).
asio::awaitable<bool> send_file(beast::tcp_stream& stream, const http::reply& rep, unsigned version, bool keep_alive,
                                int idle_seconds, file_sending how, std::uint64_t& sent, beast::error_code& ec) {
  const open_file file(rep.file->path.c_str());
  if (file.fd < 0) co_return false;
  bhttp::response<bhttp::empty_body> res{static_cast<bhttp::status>(rep.status), version};
  copy_headers(res, rep, keep_alive);
  res.content_length(rep.file->length);
  bhttp::response_serializer<bhttp::empty_body> head{res};
  stream.expires_after(std::chrono::seconds(idle_seconds));
  co_await bhttp::async_write_header(stream, head, use_ec(ec));
  if (ec) co_return true;
  const auto offset = rep.file->offset;
  const auto length = rep.file->length;
  if (how == file_sending::zero_copy) {
    stream.expires_never();  // the kernel's waits have their own timer
    const auto outcome = co_await send_by_kernel(stream.socket(), file.fd, offset, length, sent, idle_seconds, ec);
    if (outcome != sent_how::unsupported) co_return true;
  }
  co_await send_by_reads(stream, file.fd, offset, length, sent, idle_seconds, ec);
  co_return true;
}

// Beast serializes the reply into one buffer, which goes out in one write: a header
// field is a buffer of its own in Beast's gather list, and walking that list on every
// partial write cost more than the copy of a small reply.
asio::awaitable<void> write_in_one_piece(beast::tcp_stream& stream, bhttp::response<bhttp::string_body>& res,
                                         beast::error_code& ec) {
  beast::flat_buffer whole;
  whole.reserve(res.body().size() + 1024);  // the headers fit in the rest
  bhttp::response_serializer<bhttp::string_body> serializer{res};
  while (!ec && !serializer.is_done()) {
    serializer.next(ec, [&](beast::error_code&, const auto& buffers) {
      const auto n = beast::buffer_bytes(buffers);
      whole.commit(asio::buffer_copy(whole.prepare(n), buffers));
      serializer.consume(n);
    });
  }
  if (!ec) co_await asio::async_write(stream, whole.data(), use_ec(ec));
}

}  // namespace

asio::awaitable<std::uint64_t> write_reply(beast::tcp_stream& stream, http::reply& rep, unsigned version,
                                           bool keep_alive, beast::error_code& ec, int idle_seconds, file_sending how) {
  ec = {};
  if (http::refuse_split_headers(rep)) spdlog::error("a reply with a line break or NUL in a header became a 500");
  http::add_security_headers(rep);
  if (rep.file && !rep.head_only) {
    std::uint64_t sent = 0;
    if (co_await send_file(stream, rep, version, keep_alive, idle_seconds, how, sent, ec)) co_return sent;
    rep = http::reply{};  // the file vanished between the handler's check and now
    rep.status = 404;
    http::add_security_headers(rep);
  }
  stream.expires_after(std::chrono::seconds(idle_seconds));
  if (rep.head_only) {
    bhttp::response<bhttp::empty_body> res{static_cast<bhttp::status>(rep.status), version};
    copy_headers(res, rep, keep_alive);
    res.content_length(rep.file ? rep.file->length : rep.body.size());
    co_await bhttp::async_write(stream, res, use_ec(ec));
    co_return 0;
  }
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(rep.status), version, std::move(rep.body)};
  copy_headers(res, rep, keep_alive);
  res.prepare_payload();
  co_await write_in_one_piece(stream, res, ec);
  co_return res.body().size();
}

}  // namespace lifelong::net
