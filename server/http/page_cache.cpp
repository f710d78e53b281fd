#include "page_cache.hpp"

namespace lifelong::http {

std::shared_ptr<const std::string> page_cache::get(const std::string& key, std::uint64_t version) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  if (it->second.version != version || std::chrono::steady_clock::now() - it->second.made > max_age_) {
    entries_.erase(it);
    return nullptr;
  }
  return it->second.html;
}

void page_cache::put(const std::string& key, std::uint64_t version, std::string html) {
  auto page = std::make_shared<const std::string>(std::move(html));
  std::lock_guard lock(mutex_);
  if (entries_.size() >= max_entries_) entries_.clear();
  entries_[key] = {std::move(page), version, std::chrono::steady_clock::now()};
}

}  // namespace lifelong::http
