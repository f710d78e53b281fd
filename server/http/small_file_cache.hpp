#pragma once
// Small files kept in memory after their first read, for paths whose content never
// changes (published media folders are versioned and written by one atomic rename).
// Serving a playlist then costs no open/stat/read/close. Bounded: files up to
// max_file_bytes, and everything is dropped when the total would pass max_total_bytes.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/usage_counts.hpp"

namespace lifelong::http {

struct cached_file {
  std::string bytes;
  std::string etag;  // the same form file_reply gives a file on disk
};

class small_file_cache {
 public:
  explicit small_file_cache(std::size_t max_file_bytes = 64 * 1024, std::size_t max_total_bytes = 32 << 20)
      : max_file_(max_file_bytes), max_total_(max_total_bytes) {}

  // The file's bytes, or null when it is missing, not a regular file, or too large.
  std::shared_ptr<const cached_file> get(const std::filesystem::path& path);
  const cache_counts& counts() const { return counts_; }

 private:
  std::size_t max_file_;
  std::size_t max_total_;
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const cached_file>> files_;
  std::size_t total_ = 0;
  cache_counts counts_;
};

// "size-mtime" of a stat result, quoted: a strong ETag for an unchanged file.
std::string file_etag(std::uint64_t size, std::int64_t mtime_sec, std::int64_t mtime_nsec);

}  // namespace lifelong::http
