#include "lesson_store.hpp"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>

#include <memory>

namespace lifelong::transcoder {

int lesson_store::update(const char* text, std::uint64_t lesson_id, std::uint32_t version,
                         const std::function<void(sql::PreparedStatement&)>& bind_first) {
  return db_.with([&](sql::Connection& db) {
    std::unique_ptr<sql::PreparedStatement> st(db.prepareStatement(text));
    int next = 1;
    if (bind_first) {  // binds parameter 1; the id and version follow it
      bind_first(*st);
      next = 2;
    }
    st->setUInt64(next, lesson_id);
    st->setUInt(next + 1, version);
    return st->executeUpdate();
  });
}

bool lesson_store::begin(std::uint64_t lesson_id, std::uint32_t version) {
  // A job already done (ready) or failed for good is not started again.
  update(
      "UPDATE lessons SET status = 'transcoding', progress_pct = 0 "
      "WHERE id = ? AND media_version = ? AND status IN ('queued', 'transcoding')",
      lesson_id, version, {});
  changed();
  // MariaDB counts changed rows, not matched ones: a job delivered again after its worker
  // died before any progress finds the row already 'transcoding' at 0 %, and is wanted.
  return db_.with([&](sql::Connection& db) {
    std::unique_ptr<sql::PreparedStatement> st(
        db.prepareStatement("SELECT 1 FROM lessons WHERE id = ? AND media_version = ? AND status = 'transcoding'"));
    st->setUInt64(1, lesson_id);
    st->setUInt(2, version);
    return std::unique_ptr<sql::ResultSet>(st->executeQuery())->next();
  });
}

void lesson_store::progress(std::uint64_t lesson_id, std::uint32_t version, int pct) {
  update("UPDATE lessons SET progress_pct = ? WHERE id = ? AND media_version = ?", lesson_id, version,
         [pct](sql::PreparedStatement& st) { st.setInt(1, pct); });
}

void lesson_store::ready(std::uint64_t lesson_id, std::uint32_t version, std::uint32_t duration_ms) {
  update(
      "UPDATE lessons SET status = 'ready', progress_pct = 100, failure_code = NULL, duration_ms = ? "
      "WHERE id = ? AND media_version = ?",
      lesson_id, version, [duration_ms](sql::PreparedStatement& st) { st.setUInt(1, duration_ms); });
  // The approved version's length too, when this is it (a course published before its
  // lessons were transcoded, as the demo's are).
  update(
      "UPDATE lessons SET published_duration_ms = duration_ms "
      "WHERE id = ? AND media_version = ? AND published_version = media_version",
      lesson_id, version, {});
  changed();
}

void lesson_store::failed(std::uint64_t lesson_id, std::uint32_t version, const std::string& code) {
  update("UPDATE lessons SET status = 'failed', failure_code = ? WHERE id = ? AND media_version = ?", lesson_id,
         version, [&code](sql::PreparedStatement& st) { st.setString(1, code); });
  // The teacher hears of it on their messages page, once for this upload however often
  // the job is delivered (schema/024_messages.sql).
  update(
      "INSERT IGNORE INTO messages (user_id, kind, course_id, lesson_id, note, once_key) "
      "SELECT c.teacher_id, 'lesson_failed', c.id, l.id, l.failure_code, CONCAT('lesson_failed:', l.id, ':', "
      "l.media_version) FROM lessons l JOIN courses c ON c.id = l.course_id "
      "WHERE l.id = ? AND l.media_version = ? AND l.status = 'failed'",
      lesson_id, version, {});
  changed();
}

void lesson_store::changed() {
  courses_.bump();
  catalog_.bump();
}

}  // namespace lifelong::transcoder
