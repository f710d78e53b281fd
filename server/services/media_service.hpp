#pragma once
// Takes a finished upload, files it for the transcoder and queues the job.
// Layout under the media folder:
//   incoming/<lesson>-v<version>.src   the teacher's file, kept until transcoded
//   videos/<lesson>/v<version>/        what the transcoder published
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "common/mysql_pool.hpp"
#include "common/redis_client.hpp"

namespace lifelong::services {

class media_service {
 public:
  media_service(mysql_pool& db, redis_pool& redis, std::filesystem::path media_dir)
      : db_(db), redis_(redis), media_dir_(std::move(media_dir)) {}

  // Moves the uploaded file into place, bumps the lesson's media version, sets it
  // queued and puts a job on the stream. `also` runs first in the same transaction (the
  // caller's own bookkeeping and checks; it sees what others committed). Returns the new version.
  std::uint32_t accept_upload(std::uint64_t lesson_id, const std::string& upload_path,
                              const std::function<void(sql::Connection&)>& also = {});

  // Queues a failed lesson again from the source it kept (no new upload). Throws
  // conflict when the lesson has not failed or its source is gone.
  void retry(std::uint64_t lesson_id);

  // The published file for a media URL, or empty if the relative path is not a plain
  // path inside the lesson's folder.
  std::filesystem::path published_file(std::uint64_t lesson_id, std::uint32_t version,
                                       const std::string& relative) const;

  const std::filesystem::path& media_dir() const { return media_dir_; }

 private:
  std::filesystem::path source_of(std::uint64_t lesson_id, std::uint32_t version) const;
  void enqueue(std::uint64_t lesson_id, std::uint32_t version);

  mysql_pool& db_;
  redis_pool& redis_;
  std::filesystem::path media_dir_;
};

// True for a relative path of plain names: no "..", no hidden files, no backslashes.
bool safe_relative_path(const std::string& relative);

}  // namespace lifelong::services
