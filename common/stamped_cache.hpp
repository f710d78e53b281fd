#pragma once
// Values kept in memory, each stamped with the version of the data it was made from
// (a shared_version). An entry is used only while the stamp is unchanged and for at
// most max_age (counts that move without a bump show within that time). Bounded: past
// max_entries everything is dropped and the cache fills again.
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "usage_counts.hpp"

namespace lifelong {

template <class Key, class Value>
class stamped_cache {
 public:
  explicit stamped_cache(std::size_t max_entries, std::chrono::milliseconds max_age)
      : max_entries_(max_entries), max_age_(max_age) {}

  // The value, or null when it is missing, made from another version, or too old.
  std::shared_ptr<const Value> get(const Key& key, std::uint64_t stamp) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      ++counts_.misses;
      return nullptr;
    }
    if (it->second.stamp != stamp || std::chrono::steady_clock::now() - it->second.made > max_age_) {
      entries_.erase(it);
      ++counts_.misses;
      return nullptr;
    }
    ++counts_.hits;
    return it->second.value;
  }

  const cache_counts& counts() const { return counts_; }

  // Read the stamp before the data the value is made of: a change in between then
  // leaves an entry that no longer matches, never a stale one that does.
  std::shared_ptr<const Value> put(const Key& key, std::uint64_t stamp, Value value) {
    auto held = std::make_shared<const Value>(std::move(value));
    std::lock_guard lock(mutex_);
    if (entries_.size() >= max_entries_) entries_.clear();
    entries_[key] = {held, stamp, std::chrono::steady_clock::now()};
    return held;
  }

 private:
  struct entry {
    std::shared_ptr<const Value> value;
    std::uint64_t stamp = 0;
    std::chrono::steady_clock::time_point made;
  };
  std::size_t max_entries_;
  std::chrono::milliseconds max_age_;
  std::mutex mutex_;
  std::unordered_map<Key, entry> entries_;
  cache_counts counts_;
};

}  // namespace lifelong
