// Replies written to a real loopback socket: a file body by sendfile and by the read
// fallback gives the very bytes of the file, for whole files, slices, and files past
// 2 GiB and 4 GiB (sparse, so they cost no disk).
#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "net/reply_writer.hpp"

namespace asio = boost::asio;
namespace beast = boost::beast;
using lifelong::net::file_sending;

namespace {

std::filesystem::path scratch(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("lifelong-reply-writer-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

// A file of `size` bytes, holes except for `marks` (offset, text) written into it.
std::filesystem::path sparse_file(const std::string& name, std::uint64_t size,
                                  const std::vector<std::pair<std::uint64_t, std::string>>& marks) {
  auto path = scratch(name);
  const int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(::ftruncate(fd, static_cast<off_t>(size)), 0);
  for (const auto& [at, text] : marks)
    EXPECT_EQ(::pwrite(fd, text.data(), text.size(), static_cast<off_t>(at)), static_cast<ssize_t>(text.size()));
  ::close(fd);
  return path;
}

std::string read_slice(const std::filesystem::path& path, std::uint64_t offset, std::uint64_t length) {
  std::string bytes(length, '\0');
  const int fd = ::open(path.c_str(), O_RDONLY);
  EXPECT_EQ(::pread(fd, bytes.data(), length, static_cast<off_t>(offset)), static_cast<ssize_t>(length));
  ::close(fd);
  return bytes;
}

// One reply written by write_reply to a connected loopback socket; the client side reads
// the head, then hands each piece of the body to `body` as it arrives.
struct exchange {
  std::string head;
  std::uint64_t body_bytes = 0;
  std::uint64_t reported_sent = 0;
  beast::error_code error;
};

exchange send(lifelong::http::reply rep, file_sending how, const std::function<void(std::string_view)>& body) {
  asio::io_context ioc;
  asio::ip::tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), 0});
  asio::ip::tcp::socket client(ioc);
  client.connect(acceptor.local_endpoint());
  exchange out;
  asio::co_spawn(
      ioc,
      [&]() -> asio::awaitable<void> {
        beast::tcp_stream stream(co_await acceptor.async_accept(asio::use_awaitable));
        out.reported_sent = co_await lifelong::net::write_reply(stream, rep, 11, false, out.error, 60, how);
        stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send);
      },
      asio::detached);
  std::thread server([&ioc] { ioc.run(); });
  std::string buffer;
  std::vector<char> piece(1 << 20);
  boost::system::error_code ec;
  while (!ec) {
    const auto n = client.read_some(asio::buffer(piece), ec);
    if (out.head.empty()) {
      buffer.append(piece.data(), n);
      const auto end = buffer.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      out.head = buffer.substr(0, end + 4);
      const std::string_view rest(buffer.data() + end + 4, buffer.size() - end - 4);
      out.body_bytes += rest.size();
      if (!rest.empty()) body(rest);
    } else if (n > 0) {
      out.body_bytes += n;
      body({piece.data(), n});
    }
  }
  server.join();
  return out;
}

lifelong::http::reply file_reply_of(const std::filesystem::path& path, std::uint64_t offset, std::uint64_t length) {
  lifelong::http::reply rep;
  rep.status = offset == 0 ? 200 : 206;
  rep.header("Content-Type", "video/mp4");
  rep.file = lifelong::http::file_slice{path.string(), offset, length};
  return rep;
}

// Sends the slice and checks that the body is exactly the file's bytes there.
void expect_slice_sent(const std::filesystem::path& path, std::uint64_t offset, std::uint64_t length,
                       file_sending how) {
  std::uint64_t at = offset;
  bool same = true;
  auto got = send(file_reply_of(path, offset, length), how, [&](std::string_view piece) {
    if (same && read_slice(path, at, piece.size()) != piece) same = false;
    at += piece.size();
  });
  EXPECT_FALSE(got.error) << got.error.message();
  EXPECT_NE(got.head.find("Content-Length: " + std::to_string(length) + "\r\n"), std::string::npos) << got.head;
  EXPECT_EQ(got.body_bytes, length) << "offset " << offset;
  EXPECT_EQ(got.reported_sent, length);
  EXPECT_TRUE(same) << "the body differs from the file at offset " << offset;
}

}  // namespace

TEST(ReplyWriter, FileBodiesAreTheFilesBytesWholeAndSlicedBothWays) {
  std::string bytes(3 * 1024 * 1024 + 17, '\0');
  std::mt19937 random(7);
  for (auto& c : bytes) c = static_cast<char>(random());
  const auto path = scratch("random.bin");
  std::ofstream(path, std::ios::binary) << bytes;
  for (auto how : {file_sending::zero_copy, file_sending::reads}) {
    expect_slice_sent(path, 0, bytes.size(), how);
    expect_slice_sent(path, 0, 1, how);
    expect_slice_sent(path, 1000, 65536 * 3 + 1, how);
    expect_slice_sent(path, bytes.size() - 5, 5, how);
  }
  std::filesystem::remove(path);
}

TEST(ReplyWriter, FilesPastTwoAndFourGibibytes) {
  constexpr std::uint64_t two_gib = 1ull << 31, four_gib = 1ull << 32;
  const auto big = sparse_file(
      "big.bin", four_gib + 4096 + 7,
      {{0, "start"}, {two_gib - 3, "across two"}, {four_gib - 2, "across four"}, {four_gib + 4096, "the end"}});
  for (auto how : {file_sending::zero_copy, file_sending::reads}) {
    expect_slice_sent(big, two_gib - 1000, 3000, how);
    expect_slice_sent(big, four_gib - 100, 4096 + 107, how);  // to the last byte
  }
  // A whole body longer than one sendfile call can send (about 2 GiB).
  const auto past_two = sparse_file("past-two.bin", two_gib + (1 << 20), {{two_gib - 5, "marker"}});
  expect_slice_sent(past_two, 0, two_gib + (1 << 20), file_sending::zero_copy);
  std::filesystem::remove(big);
  std::filesystem::remove(past_two);
}

TEST(ReplyWriter, AFileGoneBeforeTheWriteIsA404) {
  auto rep = file_reply_of(scratch("never-there.bin"), 0, 10);
  auto got = send(rep, file_sending::zero_copy, [](std::string_view) {});
  EXPECT_EQ(got.head.rfind("HTTP/1.1 404", 0), 0u) << got.head;
  EXPECT_EQ(got.reported_sent, 0u);
}
