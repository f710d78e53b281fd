#include "file_reply.hpp"

#include <sys/stat.h>

#include "http/errors.hpp"
#include "http/mime.hpp"
#include "http/range.hpp"

namespace lifelong::handlers {
namespace {

// Headers, 304 and Range for `size` bytes: the byte range to send, or nothing when the
// reply carries no body (304, 416).
std::optional<http::byte_range> prepare(const http::request& req, http::reply& rep, const std::filesystem::path& path,
                                        std::uint64_t size, const std::string& etag, const std::string& cache_control) {
  rep.header("Content-Type", std::string(http::mime_type(path.string())));
  rep.header("Cache-Control", cache_control);
  rep.header("ETag", etag);
  rep.header("Accept-Ranges", "bytes");
  if (auto inm = req.header("if-none-match"); !inm.empty() && (inm == etag || inm == "*")) {
    rep.status = 304;
    return std::nullopt;
  }
  auto range = http::resolve_range(req.header("range"), size);
  if (auto if_range = req.header("if-range"); !if_range.empty() && if_range != etag) range = {};
  if (range.outcome == http::range_outcome::unsatisfiable) {
    rep.status = 416;
    rep.header("Content-Range", "bytes */" + std::to_string(size));
    return std::nullopt;
  }
  if (range.outcome == http::range_outcome::partial) {
    rep.status = 206;
    rep.header("Content-Range", "bytes " + std::to_string(range.range.first) + "-" +
                                    std::to_string(range.range.first + range.range.length - 1) + "/" +
                                    std::to_string(size));
    return range.range;
  }
  return http::byte_range{0, size};
}

}  // namespace

http::reply file_reply(const http::request& req, const std::filesystem::path& path, const std::string& cache_control) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) throw http::not_found();
  const auto size = static_cast<std::uint64_t>(st.st_size);
  http::reply rep;
  if (auto part =
          prepare(req, rep, path, size, http::file_etag(size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec), cache_control))
    rep.file = http::file_slice{path.string(), part->first, part->length};
  return rep;
}

http::reply file_reply(const http::request& req, const std::filesystem::path& path, const std::string& cache_control,
                       http::small_file_cache& cache) {
  auto file = cache.get(path);
  if (!file) return file_reply(req, path, cache_control);  // missing (404) or large: from disk
  http::reply rep;
  if (auto part = prepare(req, rep, path, file->bytes.size(), file->etag, cache_control))
    rep.body = file->bytes.substr(part->first, part->length);
  return rep;
}

std::string media_cache_control(const std::string& relative) {
  if (relative.size() >= 5 && relative.compare(relative.size() - 5, 5, ".m3u8") == 0) return "private, max-age=60";
  return "private, max-age=31536000, immutable";
}

}  // namespace lifelong::handlers
