#include "small_file_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace lifelong::http {

std::string file_etag(std::uint64_t size, std::int64_t mtime_sec, std::int64_t mtime_nsec) {
  return "\"" + std::to_string(size) + "-" + std::to_string(mtime_sec) + "." + std::to_string(mtime_nsec / 1000) + "\"";
}

std::shared_ptr<const cached_file> small_file_cache::get(const std::filesystem::path& path) {
  {
    std::lock_guard lock(mutex_);
    if (auto it = files_.find(path.string()); it != files_.end()) {
      ++counts_.hits;
      return it->second;
    }
  }
  ++counts_.misses;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return nullptr;
  struct stat st {};
  std::shared_ptr<cached_file> file;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && static_cast<std::size_t>(st.st_size) <= max_file_) {
    file = std::make_shared<cached_file>();
    file->bytes.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (got < file->bytes.size()) {
      const auto n = ::read(fd, file->bytes.data() + got, file->bytes.size() - got);
      if (n <= 0) break;
      got += static_cast<std::size_t>(n);
    }
    if (got != file->bytes.size()) file.reset();  // changed while read: not cached, served from disk
    if (file) file->etag = file_etag(file->bytes.size(), st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  }
  ::close(fd);
  if (!file) return nullptr;
  std::lock_guard lock(mutex_);
  if (total_ + file->bytes.size() > max_total_) {
    files_.clear();
    total_ = 0;
  }
  auto [it, added] = files_.emplace(path.string(), file);
  if (added) total_ += file->bytes.size();
  return it->second;
}

}  // namespace lifelong::http
