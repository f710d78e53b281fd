#pragma once
#include <filesystem>
#include <string>

#include "http/reply.hpp"
#include "http/request.hpp"
#include "http/small_file_cache.hpp"

namespace lifelong::handlers {

// Serves a regular file with Content-Type, ETag (304 on a match), Range (206/416)
// and HEAD. Throws not_found if it is not a regular file.
http::reply file_reply(const http::request& req, const std::filesystem::path& path, const std::string& cache_control);
// The same from memory for small files that never change under their path (see
// small_file_cache); larger ones come from disk.
http::reply file_reply(const http::request& req, const std::filesystem::path& path, const std::string& cache_control,
                       http::small_file_cache& cache);

// Cache policy by file: playlists change rarely but briefly; everything else under a
// versioned URL never changes.
std::string media_cache_control(const std::string& relative);

}  // namespace lifelong::handlers
