#pragma once
// The lesson row's transcoding state. Every update names the media version it is for,
// so a job for an older upload can never overwrite the state of a newer one.
#include <cstdint>
#include <string>

#include <functional>

#include "common/mysql_pool.hpp"
#include "common/shared_version.hpp"

namespace sql {
class PreparedStatement;
}

namespace lifelong::transcoder {

class lesson_store {
 public:
  // A lesson started, made ready or failed moves the site's course and catalog stamps
  // (shared_version.hpp): a published course's pages show it at once. Progress does not
  // (only its teacher and reviewers see it, and they read fresh).
  lesson_store(mysql_pool& db, redis_pool& redis)
      : db_(db), courses_(redis, course_version_key), catalog_(redis, catalog_version_key) {}

  // False when the lesson is gone or has a newer upload: the job is then obsolete.
  bool begin(std::uint64_t lesson_id, std::uint32_t version);
  void progress(std::uint64_t lesson_id, std::uint32_t version, int pct);
  void ready(std::uint64_t lesson_id, std::uint32_t version, std::uint32_t duration_ms);
  void failed(std::uint64_t lesson_id, std::uint32_t version, const std::string& code);

 private:
  int update(const char* sql, std::uint64_t lesson_id, std::uint32_t version,
             const std::function<void(sql::PreparedStatement&)>& bind_first);
  void changed();

  mysql_pool& db_;
  shared_version courses_;
  shared_version catalog_;
};

}  // namespace lifelong::transcoder
