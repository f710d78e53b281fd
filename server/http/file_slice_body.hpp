#pragma once
// A Beast body that sends one byte range of an open file in 64 KiB reads, so a
// video of any size is served with constant memory.
#include <algorithm>
#include <array>
#include <boost/beast/core/file.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/optional.hpp>

namespace lifelong::http {

struct file_slice_body {
  struct value_type {
    boost::beast::file file;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
  };

  static std::uint64_t size(const value_type& body) { return body.length; }

  class writer {
   public:
    using const_buffers_type = boost::asio::const_buffer;

    template <bool isRequest, class Fields>
    writer(boost::beast::http::header<isRequest, Fields>&, value_type& body) : body_(body) {}

    void init(boost::beast::error_code& ec) {
      remaining_ = body_.length;
      body_.file.seek(body_.offset, ec);
    }

    boost::optional<std::pair<const_buffers_type, bool>> get(boost::beast::error_code& ec) {
      if (remaining_ == 0) {
        ec = {};
        return boost::none;
      }
      auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer_.size(), remaining_));
      auto got = body_.file.read(buffer_.data(), want, ec);
      if (ec) return boost::none;
      if (got == 0) {  // the file shrank under us
        ec = boost::beast::http::error::short_read;
        return boost::none;
      }
      remaining_ -= got;
      return {{const_buffers_type(buffer_.data(), got), remaining_ > 0}};
    }

   private:
    value_type& body_;
    std::uint64_t remaining_ = 0;
    std::array<char, 65536> buffer_;
  };
};

}  // namespace lifelong::http
