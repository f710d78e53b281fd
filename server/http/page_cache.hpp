#pragma once
// Rendered pages kept in memory, each stamped with the data version it was made from.
// An entry is used only while the version is unchanged (changes made in this process
// bump it) and for at most max_age (changes made by other processes, such as the
// transcoder making a lesson ready, show within that time). Bounded: past max_entries
// everything is dropped and the cache fills again.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lifelong::http {

class page_cache {
 public:
  explicit page_cache(std::size_t max_entries = 2000, std::chrono::milliseconds max_age = std::chrono::seconds(5))
      : max_entries_(max_entries), max_age_(max_age) {}

  // The page, or null when it is missing, older than `version` or too old.
  std::shared_ptr<const std::string> get(const std::string& key, std::uint64_t version);
  void put(const std::string& key, std::uint64_t version, std::string html);

 private:
  struct entry {
    std::shared_ptr<const std::string> html;
    std::uint64_t version = 0;
    std::chrono::steady_clock::time_point made;
  };
  std::size_t max_entries_;
  std::chrono::milliseconds max_age_;
  std::mutex mutex_;
  std::unordered_map<std::string, entry> entries_;
};

}  // namespace lifelong::http
