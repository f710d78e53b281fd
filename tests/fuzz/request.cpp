// A request as the server reads it: Beast's parser with the server's header limit, then
// the path, query, cookies, Range and return address the handlers see. Checks what the
// defences promise: a return path never leaves the site or splits a header; a range is
// inside the file; the logged path never holds the card secret.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "http/cookies.hpp"
#include "http/form.hpp"
#include "http/log_redaction.hpp"
#include "http/range.hpp"
#include "http/return_path.hpp"

namespace bhttp = boost::beast::http;
using namespace lifelong;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bhttp::request_parser<bhttp::empty_body> parser;
  parser.header_limit(16 * 1024);
  parser.eager(false);
  boost::beast::error_code ec;
  parser.put(boost::asio::buffer(data, size), ec);
  if (ec || !parser.is_header_done()) return 0;
  const auto& h = parser.get();

  const std::string target(h.target());  // split_target's views point into it
  const auto [path, query] = http::split_target(target);
  if (auto decoded = http::url_decode(path, false)) (void)http::loggable_path(*decoded);
  const auto params = http::parse_urlencoded(query);
  for (const char* key : {"back", "next"}) {
    auto it = params.find(key);
    if (it == params.end()) continue;
    const auto back = http::local_return_path(it->second);
    if (back.empty() || back[0] != '/' || (back.size() > 1 && (back[1] == '/' || back[1] == '\\'))) std::abort();
    for (unsigned char c : back)
      if (c < 0x20 || c == 0x7f || c == '\\') std::abort();
  }
  (void)http::cookie_value(std::string(h[bhttp::field::cookie]), "ll_sid");
  const std::uint64_t file_size = 2'000'000;
  const auto r = http::resolve_range(std::string(h[bhttp::field::range]), file_size);
  if (r.outcome == http::range_outcome::partial &&
      (r.range.length == 0 || r.range.first >= file_size || r.range.length > file_size - r.range.first))
    std::abort();
  return 0;
}
