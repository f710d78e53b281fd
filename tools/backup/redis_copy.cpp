#include "redis_copy.hpp"

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "common/tokens.hpp"

namespace lifelong::backup {

std::size_t save_redis(redis_pool& redis, const std::filesystem::path& file) {
  std::ofstream out(file, std::ios::binary);
  std::set<std::string> seen;  // SCAN may return a key twice
  std::string cursor = "0";
  do {
    auto page = redis.command({"SCAN", cursor, "COUNT", "1000"});
    cursor = page.elements.at(0).str;
    for (const auto& key : page.elements.at(1).elements) {
      if (!seen.insert(key.str).second) continue;
      // The expiry first: a key gone by now (-2) is skipped, never kept for ever.
      const auto expires = redis.command({"PEXPIRETIME", key.str}).integer;  // -1: never
      if (expires == -2) continue;
      auto dump = redis.command({"DUMP", key.str});
      if (dump.is_nil()) continue;  // expired or deleted since
      out << nlohmann::json{{"key", base64_encode(key.str)},
                            {"dump", base64_encode(dump.str)},
                            {"expires_at_ms", expires}}
                 .dump()
          << '\n';
    }
  } while (cursor != "0");
  out.close();
  if (!out) throw std::runtime_error("backup: cannot write " + file.string());
  return seen.size();
}

std::size_t load_redis(redis_pool& redis, const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("restore: cannot read " + file.string());
  const auto now_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  std::size_t restored = 0;
  std::string line;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    const auto key = base64_decode(j.at("key").get<std::string>());
    const auto dump = base64_decode(j.at("dump").get<std::string>());
    if (!key || !dump) throw std::runtime_error("restore: " + file.string() + " holds a line that is not base64");
    const auto expires = j.at("expires_at_ms").get<long long>();
    if (expires < -1 || (expires >= 0 && expires <= now_ms)) continue;  // a session that has ended since
    // ABSTTL: the key ends when it would have ended on the old site; 0 is never.
    redis.command({"RESTORE", *key, std::to_string(expires < 0 ? 0 : expires), *dump, "ABSTTL"});
    ++restored;
  }
  return restored;
}

}  // namespace lifelong::backup
