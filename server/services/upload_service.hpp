#pragma once
// Resumable uploads (tus 1.0). Each upload is a row in `uploads` (owner, lesson,
// declared length, expiry) and a file <token>.tus in the upload folder. The offset is
// that file's size, so whatever reached the disk before a crash or a kill -9 counts and
// the client resumes from there. When the last byte arrives the file is handed to
// media_service, which queues the transcode.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actor.hpp"
#include "common/mysql_pool.hpp"
#include "common/redis_lease.hpp"
#include "course_service.hpp"
#include "media_service.hpp"

namespace lifelong::services {

struct upload_limits {
  std::filesystem::path dir;
  std::uint64_t max_file_bytes = 0;
  std::uint64_t teacher_quota_bytes = 0;
  std::chrono::seconds expiry{24 * 3600};
  std::vector<std::string> allowed_extensions;  // lower case, without the dot
  // How long a writer's lock outlives a server that died mid-PATCH (renewed while alive).
  std::chrono::milliseconds writer_lease{std::chrono::seconds(10)};
};

struct new_upload {
  std::uint64_t user_id = 0;
  std::uint64_t lesson_id = 0;
  std::uint64_t length = 0;
  std::string filename;
  std::string filetype;
  std::string metadata;  // Upload-Metadata as sent, returned on HEAD
};

struct upload_row {
  std::uint64_t id = 0;
  std::string token;
  std::uint64_t user_id = 0;
  std::uint64_t lesson_id = 0;
  std::uint64_t length = 0;
  std::string metadata;
  bool completed = false;
  std::int64_t seconds_left = 0;  // until it expires
};

class upload_service {
 public:
  upload_service(mysql_pool& db, redis_pool& redis, course_service& courses, media_service& media, upload_limits limits)
      : db_(db),
        courses_(courses),
        media_(media),
        limits_(std::move(limits)),
        writers_(redis, "lifelong:lease:upload:", limits_.writer_lease) {}

  // For a lesson the person may edit: checks size (413), the uploader's quota (413), file
  // type (415) and creates the empty file. The upload is theirs (`user_id` is ignored).
  upload_row create(const actor& who, new_upload u);
  // A video sent whole (not through tus), before its body is read: the lesson's editor,
  // and 413 quota_exceeded when `declared` bytes would take the course's teacher past the
  // quota (its current video no longer counting).
  void admit_whole(const actor& who, std::uint64_t lesson_id, std::uint64_t declared);
  // ... and once it is on disk at `path`: counted again where it is kept (enforce_quota),
  // handed to the lesson. Returns the new media version.
  std::uint32_t keep_whole(const actor& who, std::uint64_t lesson_id, const std::string& path, std::uint64_t size);
  // Transcodes a failed lesson's video again (conflict unless it failed).
  void retry(const actor& who, std::uint64_t lesson_id);
  void check_quota(std::uint64_t user_id, std::uint64_t adding, std::uint64_t replacing = 0);
  // The check that counts, first in the transaction that keeps a video sent whole
  // (media_service::accept_upload's `also`): 413 if `adding` bytes for this lesson,
  // replacing its current video, take the teacher past the quota. The teacher's row is
  // locked first, so two uploads at once are counted one after the other.
  void enforce_quota(sql::Connection& db, std::uint64_t user_id, std::uint64_t lesson_id, std::uint64_t adding);
  // Unexpired uploads only.
  std::optional<upload_row> find(const std::string& token);

  // Bytes stored so far (the length once completed).
  std::uint64_t offset(const upload_row& u) const;
  std::filesystem::path data_file(const upload_row& u) const;

  // After bytes were appended: pushes the expiry back, and once every byte is there
  // hands the file to the lesson. True when this call completed the upload.
  bool after_append(const upload_row& u);
  // Whether the bytes appended from `offset` have this digest (tus checksum: `algorithm`,
  // the raw digest). A part that does not match is cut off again, so the upload is as it
  // was before it.
  bool keep_part_if_intact(const upload_row& u, std::uint64_t offset, const std::string& algorithm,
                           const std::string& digest);
  // Removes the row and its bytes (tus termination).
  void terminate(const upload_row& u);
  // Removes expired uploads and stray files older than the expiry; returns how many.
  std::size_t remove_expired();

  // At most one request of the whole site writes an upload at a time: empty when another
  // holds it (common/redis_lease.hpp). Blocking.
  std::shared_ptr<void> try_lock(const std::string& token);

  const upload_limits& limits() const { return limits_; }

 private:
  bool allowed_type(const std::string& filename, const std::string& filetype) const;
  std::uint64_t bytes_in_use(sql::Connection& db, std::uint64_t user_id);
  std::uint64_t source_bytes(sql::Connection& db, std::uint64_t lesson_id);  // 0 for no lesson

  mysql_pool& db_;
  course_service& courses_;
  media_service& media_;
  upload_limits limits_;
  lease_keeper writers_;
};

}  // namespace lifelong::services
