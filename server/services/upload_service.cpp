#include "upload_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <fstream>

#include "common/tokens.hpp"
#include "error.hpp"
#include "file_checksum.hpp"
#include "permissions.hpp"
#include "storage/sql.hpp"

namespace fs = std::filesystem;

namespace lifelong::services {
namespace {
// The course of a lesson this person may edit (not_found or forbidden otherwise), read once.
course_row course_to_edit(course_service& courses, const actor& who, std::uint64_t lesson_id) {
  const auto [lesson, course] = courses.visible_lesson(lesson_id, &who);
  if (!can_edit(course, &who)) throw forbidden();
  return course;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

template <class Rows>  // storage::rows or storage::result
upload_row read_row(const Rows& r) {
  upload_row u;
  u.id = r->getUInt64("id");
  u.token = storage::text(r, "token");
  u.user_id = r->getUInt64("user_id");
  u.lesson_id = r->getUInt64("lesson_id");
  u.length = r->getUInt64("length");
  u.metadata = storage::text(r, "metadata");
  u.completed = !r->isNull("completed_at");
  u.seconds_left = r->getInt64("seconds_left");
  return u;
}

}  // namespace

bool upload_service::allowed_type(const std::string& filename, const std::string& filetype) const {
  const auto dot = filename.rfind('.');
  if (dot == std::string::npos) return false;
  const auto ext = lower(filename.substr(dot + 1));
  if (std::find(limits_.allowed_extensions.begin(), limits_.allowed_extensions.end(), ext) ==
      limits_.allowed_extensions.end())
    return false;
  // Browsers send "" or a generic type for files they do not know; the probe decides then.
  const auto type = lower(filetype);
  return type.empty() || type.rfind("video/", 0) == 0 || type == "application/octet-stream";
}

std::uint64_t upload_service::bytes_in_use(sql::Connection& db, std::uint64_t user_id) {
  auto r = storage::select(db,
                           "SELECT (SELECT COALESCE(SUM(l.source_bytes), 0) FROM lessons l "
                           "        JOIN courses c ON c.id = l.course_id WHERE c.teacher_id = ?) + "
                           "       (SELECT COALESCE(SUM(length), 0) FROM uploads "
                           "        WHERE user_id = ? AND completed_at IS NULL AND expires_at > NOW())",
                           user_id, user_id);
  r->next();
  return r->getUInt64(1);
}

std::uint64_t upload_service::source_bytes(sql::Connection& db, std::uint64_t lesson_id) {
  auto r = storage::select(db, "SELECT source_bytes FROM lessons WHERE id = ?", lesson_id);
  return r->next() ? r->getUInt64(1) : 0;
}

void upload_service::check_quota(std::uint64_t user_id, std::uint64_t adding, std::uint64_t replacing) {
  db_.with([&](sql::Connection& db) {
    if (bytes_in_use(db, user_id) - source_bytes(db, replacing) + adding > limits_.teacher_quota_bytes)
      throw too_large("errors.upload_quota", "quota_exceeded");
  });
}

void upload_service::enforce_quota(sql::Connection& db, std::uint64_t user_id, std::uint64_t lesson_id,
                                   std::uint64_t adding) {
  // First in the transaction: the lock waits for another upload of this teacher to
  // commit, and the reads after it then see that upload.
  storage::select(db, "SELECT id FROM users WHERE id = ? FOR UPDATE", user_id);
  // The video this one replaces no longer counts.
  if (bytes_in_use(db, user_id) - source_bytes(db, lesson_id) + adding > limits_.teacher_quota_bytes)
    throw too_large("errors.upload_quota", "quota_exceeded");
}

void upload_service::admit_whole(const actor& who, std::uint64_t lesson_id, std::uint64_t declared) {
  check_quota(course_to_edit(courses_, who, lesson_id).teacher_id, declared, lesson_id);
}

std::uint32_t upload_service::keep_whole(const actor& who, std::uint64_t lesson_id, const std::string& path,
                                         std::uint64_t size) {
  const auto teacher = course_to_edit(courses_, who, lesson_id).teacher_id;
  // Counted where the file is kept, first in its transaction, so uploads at once cannot
  // pass together (admit_whole refused early by the declared length).
  const auto version =
      media_.accept_upload(lesson_id, path, [&](sql::Connection& db) { enforce_quota(db, teacher, lesson_id, size); });
  courses_.course_changed();  // a new video: the lesson's state and cover change
  return version;
}

void upload_service::retry(const actor& who, std::uint64_t lesson_id) {
  courses_.editable_lesson(who, lesson_id);
  media_.retry(lesson_id);
  courses_.course_changed();
}

upload_row upload_service::create(const actor& who, new_upload u) {
  courses_.editable_lesson(who, u.lesson_id);
  u.user_id = who.user_id;
  if (u.length > limits_.max_file_bytes) throw too_large();
  if (!allowed_type(u.filename, u.filetype)) throw unsupported("errors.upload_type");
  fs::create_directories(limits_.dir);
  return db_.with([&](sql::Connection& db) {
    return storage::in_transaction(db, [&] {
      // Serialises one teacher's concurrent creations, so two cannot both fit the quota.
      storage::select(db, "SELECT id FROM users WHERE id = ? FOR UPDATE", u.user_id);
      if (bytes_in_use(db, u.user_id) + u.length > limits_.teacher_quota_bytes)
        throw too_large("errors.upload_quota", "quota_exceeded");
      upload_row row;
      row.token = random_token();
      storage::change(db,
                      "INSERT INTO uploads (token, user_id, lesson_id, length, filename, filetype, "
                      "metadata, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, NOW() + INTERVAL ? SECOND)",
                      row.token, u.user_id, u.lesson_id, u.length, u.filename.substr(0, 255), u.filetype.substr(0, 100),
                      u.metadata, limits_.expiry.count());
      row.id = storage::last_insert_id(db);
      row.user_id = u.user_id;
      row.lesson_id = u.lesson_id;
      row.length = u.length;
      row.metadata = u.metadata;
      row.seconds_left = limits_.expiry.count();
      std::ofstream(data_file(row));  // the file exists from the start: offset 0
      return row;
    });
  });
}

std::optional<upload_row> upload_service::find(const std::string& token) {
  if (token.size() != 43) return std::nullopt;
  return db_.with([&](sql::Connection& db) -> std::optional<upload_row> {
    auto r = storage::select(db,
                             "SELECT id, token, user_id, lesson_id, length, metadata, completed_at, "
                             "TIMESTAMPDIFF(SECOND, NOW(), expires_at) AS seconds_left "
                             "FROM uploads WHERE token = ? AND expires_at > NOW()",
                             token);
    if (!r->next()) return std::nullopt;
    return read_row(r);
  });
}

fs::path upload_service::data_file(const upload_row& u) const {
  return limits_.dir / (u.token + ".tus");
}

std::uint64_t upload_service::offset(const upload_row& u) const {
  if (u.completed) return u.length;
  std::error_code ec;
  const auto size = fs::file_size(data_file(u), ec);
  return ec ? 0 : size;
}

bool upload_service::keep_part_if_intact(const upload_row& u, std::uint64_t offset, const std::string& algorithm,
                                         const std::string& digest) {
  if (file_tail_matches(data_file(u), offset, algorithm, digest)) return true;
  fs::resize_file(data_file(u), offset);
  return false;
}

bool upload_service::after_append(const upload_row& u) {
  if (u.completed) return false;
  if (offset(u) < u.length) {
    db_.with([&](sql::Connection& db) {
      storage::change(db, "UPDATE uploads SET expires_at = NOW() + INTERVAL ? SECOND WHERE id = ?",
                      limits_.expiry.count(), u.id);
    });
    return false;
  }
  bool completed_now = false;
  media_.accept_upload(u.lesson_id, data_file(u).string(), [&](sql::Connection& db) {
    auto done = storage::prepare(db,
                                 "UPDATE uploads SET completed_at = NOW(), expires_at = NOW() + INTERVAL ? SECOND "
                                 "WHERE id = ? AND completed_at IS NULL");
    done->setInt64(1, limits_.expiry.count());
    done->setUInt64(2, u.id);
    // Already completed (a racing request): roll back rather than queue it twice.
    if (done->executeUpdate() == 0) throw conflict("errors.upload_offset");
    completed_now = true;
  });
  courses_.course_changed();
  spdlog::info("upload {} complete: {} bytes for lesson {}", u.id, u.length, u.lesson_id);
  return completed_now;
}

void upload_service::terminate(const upload_row& u) {
  db_.with([&](sql::Connection& db) { storage::change(db, "DELETE FROM uploads WHERE id = ?", u.id); });
  fs::remove(data_file(u));
}

std::size_t upload_service::remove_expired() {
  std::vector<std::string> tokens;
  db_.with([&](sql::Connection& db) {
    auto q = storage::prepare(db, "SELECT token FROM uploads WHERE expires_at <= NOW()");
    storage::rows r(q->executeQuery());
    while (r->next()) tokens.push_back(storage::text(r, "token"));
    storage::change(db, "DELETE FROM uploads WHERE expires_at <= NOW()");
  });
  for (const auto& t : tokens) fs::remove(limits_.dir / (t + ".tus"));
  // Files whose row is gone another way (lesson deleted, crash between steps), and
  // single-request uploads (.part) a crash left behind.
  std::size_t removed = tokens.size();
  std::error_code ec;
  const auto cutoff = fs::file_time_type::clock::now() - limits_.expiry;
  for (const auto& entry : fs::directory_iterator(limits_.dir, ec)) {
    if (entry.last_write_time(ec) > cutoff) continue;
    if (entry.path().extension() == ".part" && fs::remove(entry.path(), ec)) ++removed;
    if (entry.path().extension() != ".tus") continue;
    const auto token = entry.path().stem().string();
    const bool known = db_.with([&](sql::Connection& db) {
      return storage::select(db, "SELECT 1 FROM uploads WHERE token = ?", token)->next();
    });
    if (!known && fs::remove(entry.path(), ec)) ++removed;
  }
  if (removed) spdlog::info("removed {} expired upload(s)", removed);
  return removed;
}

std::shared_ptr<void> upload_service::try_lock(const std::string& token) {
  return writers_.try_take(token);
}

}  // namespace lifelong::services
