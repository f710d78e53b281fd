#include "media_service.hpp"

#include "common/transcode_job.hpp"
#include "course_changes.hpp"
#include "error.hpp"
#include "storage/sql.hpp"

namespace fs = std::filesystem;

namespace lifelong::services {

bool safe_relative_path(const std::string& relative) {
  if (relative.empty() || relative.size() > 200 || relative.front() == '/' || relative.back() == '/') return false;
  bool part_start = true;  // every part: not empty, not starting with a dot
  for (unsigned char c : relative) {
    if (c == '/') {
      if (part_start) return false;  // "a//b"
      part_start = true;
      continue;
    }
    if (part_start && c == '.') return false;
    if (!(std::isalnum(c) || c == '_' || c == '-' || c == '.')) return false;
    part_start = false;
  }
  return true;
}

std::uint32_t media_service::accept_upload(std::uint64_t lesson_id, const std::string& upload_path,
                                           const std::function<void(sql::Connection&)>& also) {
  const auto size = fs::file_size(upload_path);
  const auto version = db_.with([&](sql::Connection& db) {
    return storage::in_transaction(db, [&] {
      if (also) also(db);
      // The course first, then the lesson: the order approving its changes takes too.
      auto c = storage::select(db, "SELECT course_id FROM lessons WHERE id = ?", lesson_id);
      if (!c->next()) throw not_found();
      const auto course_id = c->getUInt64(1);
      storage::select(db, "SELECT id FROM courses WHERE id = ? FOR UPDATE", course_id);
      auto next = storage::select(db,
                                  "SELECT GREATEST(versions_made, media_version) + 1 FROM lessons WHERE id = ? "
                                  "FOR UPDATE",
                                  lesson_id);
      if (!next->next()) throw not_found();
      // A number never used before (course_changes.cpp, discard_changes).
      const std::uint32_t v = next->getUInt(1);
      storage::change(db,
                      "UPDATE lessons SET versions_made = ?, media_version = ?, status = 'queued', "
                      "progress_pct = 0, failure_code = NULL, duration_ms = 0, source_bytes = ? "
                      "WHERE id = ?",
                      v, v, size, lesson_id);
      note_change(db, course_id);  // learners keep the approved video until review
      fs::create_directories(media_dir_ / "incoming");
      // Same filesystem as the upload folder, so this is a rename, not a copy.
      fs::rename(upload_path, source_of(lesson_id, v));
      return v;
    });
  });
  enqueue(lesson_id, version);
  return version;
}

void media_service::retry(std::uint64_t lesson_id) {
  const auto version = db_.with([&](sql::Connection& db) {
    auto r = storage::select(db, "SELECT status, media_version FROM lessons WHERE id = ?", lesson_id);
    if (!r->next()) throw not_found();
    if (storage::text(r, "status") != "failed") throw conflict("errors.retry_not_failed");
    const std::uint32_t v = r->getUInt("media_version");
    if (!fs::exists(source_of(lesson_id, v))) throw conflict("errors.retry_source_gone");
    if (storage::change(db,
                        "UPDATE lessons SET status = 'queued', failure_code = NULL, progress_pct = 0 "
                        "WHERE id = ? AND media_version = ? AND status = 'failed'",
                        lesson_id, v) == 0)
      throw conflict("errors.retry_not_failed");  // raced with another retry
    return v;
  });
  enqueue(lesson_id, version);
}

fs::path media_service::source_of(std::uint64_t lesson_id, std::uint32_t version) const {
  return media_dir_ / "incoming" / (std::to_string(lesson_id) + "-v" + std::to_string(version) + ".src");
}

void media_service::enqueue(std::uint64_t lesson_id, std::uint32_t version) {
  transcode_job job;
  job.lesson_id = lesson_id;
  job.media_version = version;
  job.source_path = fs::absolute(source_of(lesson_id, version)).string();
  redis_.command({"XADD", transcode_stream, "*", "job", to_json(job)});
}

fs::path media_service::published_file(std::uint64_t lesson_id, std::uint32_t version,
                                       const std::string& relative) const {
  if (!safe_relative_path(relative)) return {};
  // One string, one path: a player asks for a segment every few seconds.
  return fs::path(media_dir_.native() + "/videos/" + std::to_string(lesson_id) + "/v" + std::to_string(version) + "/" +
                  relative);
}

}  // namespace lifelong::services
