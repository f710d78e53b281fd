#include "file_reply.hpp"

#include <sys/stat.h>

#include "http/errors.hpp"
#include "http/mime.hpp"
#include "http/range.hpp"

namespace lifelong::handlers {

http::reply file_reply(const http::request& req, const std::filesystem::path& path, const std::string& cache_control) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) throw http::not_found();
  const auto size = static_cast<std::uint64_t>(st.st_size);
  const std::string etag = "\"" + std::to_string(size) + "-" + std::to_string(st.st_mtim.tv_sec) + "." +
                           std::to_string(st.st_mtim.tv_nsec / 1000) + "\"";
  http::reply rep;
  rep.header("Content-Type", std::string(http::mime_type(path.string())));
  rep.header("Cache-Control", cache_control);
  rep.header("ETag", etag);
  rep.header("Accept-Ranges", "bytes");
  if (auto inm = req.header("if-none-match"); !inm.empty() && (inm == etag || inm == "*")) {
    rep.status = 304;
    return rep;
  }
  auto range = http::resolve_range(req.header("range"), size);
  if (auto if_range = req.header("if-range"); !if_range.empty() && if_range != etag) range = {};
  if (range.outcome == http::range_outcome::unsatisfiable) {
    rep.status = 416;
    rep.header("Content-Range", "bytes */" + std::to_string(size));
    return rep;
  }
  if (range.outcome == http::range_outcome::partial) {
    rep.status = 206;
    rep.header("Content-Range", "bytes " + std::to_string(range.range.first) + "-" +
                                    std::to_string(range.range.first + range.range.length - 1) + "/" +
                                    std::to_string(size));
    rep.file = http::file_slice{path.string(), range.range.first, range.range.length};
  } else {
    rep.file = http::file_slice{path.string(), 0, size};
  }
  return rep;
}

std::string media_cache_control(const std::string& relative) {
  if (relative.size() >= 5 && relative.compare(relative.size() - 5, 5, ".m3u8") == 0) return "private, max-age=60";
  return "private, max-age=31536000, immutable";
}

}  // namespace lifelong::handlers
