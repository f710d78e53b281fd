#include "message_service.hpp"

#include <spdlog/spdlog.h>

#include <map>

#include "course_rows.hpp"
#include "error.hpp"
#include "mail/outbox.hpp"
#include "storage/sql.hpp"

namespace lifelong::services {
namespace {
// News for the person `u` (a users row in the query), read with its course `c` and class
// `o`: since they joined and within news_days; a course still published, offered to
// them and not their own; a class not cancelled, held by a unit they live under. Only
// numbers are spliced in.
std::string news_for(const actor& who) {
  const auto units = storage::id_list(who.home_path);
  return "a.created_at >= u.created_at AND a.created_at >= UTC_TIMESTAMP() - INTERVAL " +
         std::to_string(message_service::news_days) +
         " DAY AND ((a.kind = 'new_course' AND c.status = 'published' AND c.teacher_id <> u.id AND " +
         offered_to_sql(who.home_path) +
         ") OR (a.kind = 'new_class' AND o.cancelled_at IS NULL AND o.starts_at > UTC_TIMESTAMP() AND " +
         (units.empty() ? std::string("FALSE") : "a.unit_id IN (" + units + ")") + "))";
}

// The person's own messages (`m`, with its course `c`): a nudge only while its course is
// published (a withdrawn one's title may be an unreviewed draft); to a learning card's
// session, nudges only, since a card carries no teacher's role.
std::string personal_for(const actor& who) {
  return std::string(" AND (m.kind <> 'continue' OR c.status = 'published')") +
         (who.via_card ? " AND m.kind = 'continue'" : "");
}

constexpr const char* news_joins =
    " LEFT JOIN courses c ON c.id = a.course_id LEFT JOIN offline_activities o ON o.id = a.activity_id ";
constexpr const char* seen = "COALESCE(u.messages_seen_at, '1000-01-01')";

namespace query {
constexpr const char* personal =
    "SELECT 1 AS personal, m.id, CAST(m.kind AS CHAR) AS kind, m.course_id, c.title AS course_title, m.lesson_id, "
    "l.title AS lesson_title, NULL AS activity_id, NULL AS activity_title, NULL AS place, NULL AS starts_at, m.note, "
    "m.created_at FROM users u JOIN messages m ON m.user_id = u.id JOIN courses c ON c.id = m.course_id "
    "LEFT JOIN lessons l ON l.id = m.lesson_id WHERE u.id = ?";
constexpr const char* news_columns =
    "SELECT 0, a.id, CAST(a.kind AS CHAR), a.course_id, c.title, NULL, NULL, a.activity_id, o.title, o.place, "
    "o.starts_at, NULL, a.created_at FROM users u JOIN announcements a";
constexpr const char* mark_read = "UPDATE users SET messages_seen_at = UTC_TIMESTAMP(3) WHERE id = ?";
constexpr const char* settings =
    "SELECT continue_nudges, messages_by_mail, email IS NOT NULL AS has_email FROM users WHERE id = ?";
constexpr const char* change_settings = "UPDATE users SET continue_nudges = ?, messages_by_mail = ? WHERE id = ?";

// Courses each person left unfinished between one and two weeks ago (their latest
// learning in it is that old), still published and not their own, with no nudge since.
constexpr const char* left_courses =
    "SELECT g.user_id, g.course_id, DATE_FORMAT(g.left_at, '%Y%m%d%H%i%s') AS left_at FROM ("
    "  SELECT p.user_id, l.course_id, MAX(p.updated_at) AS left_at FROM lesson_progress p "
    "  JOIN lessons l ON l.id = p.lesson_id WHERE p.updated_at >= UTC_TIMESTAMP() - INTERVAL 14 DAY "
    "  GROUP BY p.user_id, l.course_id HAVING left_at < UTC_TIMESTAMP() - INTERVAL 7 DAY) g "
    "JOIN users u ON u.id = g.user_id JOIN courses c ON c.id = g.course_id "
    "WHERE u.continue_nudges AND (u.last_nudge_at IS NULL OR u.last_nudge_at <= UTC_TIMESTAMP() - INTERVAL 7 DAY) "
    "AND c.status = 'published' AND c.teacher_id <> g.user_id "
    "AND EXISTS (SELECT 1 FROM enrolments e WHERE e.user_id = g.user_id AND e.course_id = g.course_id) "
    "AND NOT EXISTS (SELECT 1 FROM course_completions cc WHERE cc.user_id = g.user_id AND cc.course_id = g.course_id) "
    "AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.user_id = g.user_id AND m.course_id = g.course_id "
    "  AND m.kind = 'continue' AND m.created_at >= g.left_at) "
    "ORDER BY g.user_id, g.left_at DESC LIMIT ?";
// The week's one nudge is this person's: two servers at once cannot both send it.
constexpr const char* take_nudge =
    "UPDATE users SET last_nudge_at = UTC_TIMESTAMP() WHERE id = ? AND continue_nudges "
    "AND (last_nudge_at IS NULL OR last_nudge_at <= UTC_TIMESTAMP() - INTERVAL 7 DAY)";
constexpr const char* nudge =
    "INSERT IGNORE INTO messages (user_id, kind, course_id, once_key) VALUES (?, 'continue', ?, ?)";

constexpr const char* mail_personal =
    "SELECT m.id, CAST(m.kind AS CHAR) AS kind, m.course_id, c.title AS course_title, m.lesson_id, "
    "l.title AS lesson_title, m.note, m.created_at, u.email, u.messages_by_mail FROM messages m "
    "JOIN users u ON u.id = m.user_id JOIN courses c ON c.id = m.course_id LEFT JOIN lessons l ON l.id = m.lesson_id "
    "WHERE m.mail_pending AND m.created_at >= UTC_TIMESTAMP() - INTERVAL 1 DAY ORDER BY m.id LIMIT ?";
constexpr const char* claim_personal = "UPDATE messages SET mail_pending = FALSE WHERE id = ? AND mail_pending";
constexpr const char* mail_news =
    "SELECT a.id, CAST(a.kind AS CHAR) AS kind, a.course_id, c.title AS course_title, c.status, c.teacher_id, "
    "a.activity_id, o.title AS activity_title, o.place, o.starts_at, o.cancelled_at IS NOT NULL AS cancelled, "
    "a.unit_id, a.created_at FROM announcements a LEFT JOIN courses c ON c.id = a.course_id "
    "LEFT JOIN offline_activities o ON o.id = a.activity_id "
    "WHERE a.mail_pending AND a.created_at >= UTC_TIMESTAMP() - INTERVAL 1 DAY ORDER BY a.id LIMIT ?";
constexpr const char* claim_news = "UPDATE announcements SET mail_pending = FALSE WHERE id = ? AND mail_pending";
// Who asked for mail and lives under the course's audience (everyone when it has none),
// or under the class's unit; never the course's own teacher, nor who joined after.
constexpr const char* course_readers =
    "WITH RECURSIVE area (id) AS (SELECT org_unit_id FROM course_audience_units WHERE course_id = ? "
    "  UNION SELECT u.id FROM org_units u JOIN area ON u.parent_id = area.id) "
    "SELECT email FROM users WHERE messages_by_mail AND email IS NOT NULL AND created_at <= ? AND id <> ? "
    "AND (NOT EXISTS (SELECT 1 FROM course_audience_units WHERE course_id = ?) OR org_unit_id IN (SELECT id FROM "
    "area))";
constexpr const char* class_neighbours =
    "WITH RECURSIVE area (id) AS (SELECT ? UNION SELECT u.id FROM org_units u JOIN area ON u.parent_id = area.id) "
    "SELECT email FROM users WHERE messages_by_mail AND email IS NOT NULL AND created_at <= ? "
    "AND org_unit_id IN (SELECT id FROM area)";
}  // namespace query

template <class Rows>
std::string column_or_empty(const Rows& r, const char* name) {
  return r->isNull(name) ? std::string() : storage::text(r, name);
}
}  // namespace

int message_service::unread(const actor& who) {
  const auto sql = std::string(
                       "SELECT (SELECT COUNT(*) FROM messages m JOIN courses c ON c.id = m.course_id WHERE m.user_id = "
                       "u.id") +
                   personal_for(who) + " AND m.created_at > " + seen + ") + (SELECT COUNT(*) FROM announcements a" +
                   news_joins + "WHERE " + news_for(who) + " AND a.created_at > " + seen +
                   ") AS n FROM users u WHERE u.id = ?";
  return db_.with([&](sql::Connection& db) {
    auto r = storage::select(db, sql.c_str(), who.user_id);
    return r->next() ? r->getInt("n") : 0;
  });
}

page_of_messages message_service::of(const actor& who, int offset, int limit) {
  const auto sql = std::string("SELECT x.*, x.created_at > ") + seen +
                   " AS unread, DATE_FORMAT(x.created_at, '%Y-%m-%d %H:%i:%s') AS at, COUNT(*) OVER () AS total "
                   "FROM (" +
                   query::personal + personal_for(who) + " UNION ALL " + query::news_columns + news_joins +
                   "WHERE u.id = ? AND " + news_for(who) +
                   ") x JOIN users u ON u.id = ? ORDER BY x.created_at DESC, x.id DESC LIMIT ? OFFSET ?";
  // One connection for both reads: a second from the pool while holding this one could
  // wait on a pool that many such requests have emptied.
  const auto read = [&](sql::Connection& db, int limit, int offset) {
    page_of_messages page;
    auto r = storage::select(db, sql.c_str(), who.user_id, who.user_id, who.user_id, limit, offset);
    while (r->next()) {
      message_row m;
      m.personal = r->getInt("personal") == 1;
      m.id = r->getUInt64("id");
      m.kind = storage::text(r, "kind");
      if (!r->isNull("course_id")) m.course_id = r->getUInt64("course_id");
      m.course_title = column_or_empty(r, "course_title");
      if (!r->isNull("lesson_id")) m.lesson_id = r->getUInt64("lesson_id");
      m.lesson_title = column_or_empty(r, "lesson_title");
      if (!r->isNull("activity_id")) m.activity_id = r->getUInt64("activity_id");
      m.activity_title = column_or_empty(r, "activity_title");
      m.activity_place = column_or_empty(r, "place");
      m.activity_starts_at = column_or_empty(r, "starts_at");
      m.note = column_or_empty(r, "note");
      m.at = storage::text(r, "at");
      m.unread = r->getBoolean("unread");
      page.total = r->getInt("total");
      page.messages.push_back(std::move(m));
    }
    return page;
  };
  return db_.with([&](sql::Connection& db) {
    auto page = read(db, limit, offset);
    if (page.messages.empty() && offset > 0)
      page.total = read(db, 1, 0).total;  // past the last page: still say how many
    return page;
  });
}

void message_service::mark_read(const actor& who) {
  db_.with([&](sql::Connection& db) { storage::change(db, query::mark_read, who.user_id); });
}

message_settings message_service::settings(const actor& who) {
  return db_.with([&](sql::Connection& db) {
    message_settings s;
    auto r = storage::select(db, query::settings, who.user_id);
    if (!r->next()) throw not_found();
    s.continue_nudges = r->getBoolean("continue_nudges");
    s.by_mail = r->getBoolean("messages_by_mail");
    s.has_email = r->getBoolean("has_email");
    return s;
  });
}

void message_service::change_settings(const actor& who, bool continue_nudges, bool by_mail) {
  if (by_mail && !settings(who).has_email) throw invalid("errors.messages_mail_needs_address", "by_mail");
  db_.with(
      [&](sql::Connection& db) { storage::change(db, query::change_settings, continue_nudges, by_mail, who.user_id); });
}

int message_service::send_nudges(int limit) {
  struct left {
    std::uint64_t course_id;
    std::string at;
  };
  std::map<std::uint64_t, left> latest;  // per person, the course they left last
  db_.with([&](sql::Connection& db) {
    auto r = storage::select(db, query::left_courses, limit * 4);
    while (r->next())
      latest.try_emplace(r->getUInt64("user_id"), left{r->getUInt64("course_id"), storage::text(r, "left_at")});
  });
  int sent = 0;
  for (const auto& [person, course] : latest) {
    if (sent == limit) break;
    const auto once = "continue:" + std::to_string(person) + ":" + std::to_string(course.course_id) + ":" + course.at;
    db_.with([&](sql::Connection& db) {
      storage::in_transaction(db, [&] {
        if (storage::change(db, query::take_nudge, person) == 0) return;
        sent += storage::change(db, query::nudge, person, course.course_id, once);
      });
    });
  }
  return sent;
}

int message_service::queue_mail(const composer& compose, int limit) {
  return db_.with([&](sql::Connection& db) {
    return storage::in_transaction(db, [&] {
      int looked_at = 0;
      // One mail that cannot be written (logged) holds back no other; the claim stays, so it
      // is not tried again every round.
      auto send_to = [&](const std::string& to, const message_row& m) {
        try {
          mail::queue(db, compose(to, m));
        } catch (const std::exception& e) {
          spdlog::warn("message mail to one recipient of {} {}: {}", m.kind, m.id, e.what());
        }
      };
      struct waiting {
        message_row row;
        std::string email;
      };
      std::vector<waiting> personal;
      auto r = storage::select(db, query::mail_personal, limit);
      while (r->next()) {
        waiting w;
        w.row.id = r->getUInt64("id");
        w.row.kind = storage::text(r, "kind");
        w.row.course_id = r->getUInt64("course_id");
        w.row.course_title = storage::text(r, "course_title");
        w.row.lesson_title = column_or_empty(r, "lesson_title");
        w.row.note = column_or_empty(r, "note");
        if (r->getBoolean("messages_by_mail")) w.email = column_or_empty(r, "email");
        personal.push_back(std::move(w));
      }
      for (const auto& w : personal) {  // claimed one by one: a second server finds them taken
        if (storage::change(db, query::claim_personal, w.row.id) != 1) continue;
        ++looked_at;
        if (!w.email.empty()) send_to(w.email, w.row);
      }

      struct news {
        message_row row;
        bool open = false;
        std::uint64_t teacher = 0, unit = 0;
        std::string created;
      };
      std::vector<news> all_news;
      r = storage::select(db, query::mail_news, limit);
      while (r->next()) {
        news n;
        n.row.personal = false;
        n.row.id = r->getUInt64("id");
        n.row.kind = storage::text(r, "kind");
        n.created = storage::text(r, "created_at");
        if (n.row.kind == "new_course") {
          n.row.course_id = r->getUInt64("course_id");
          n.row.course_title = storage::text(r, "course_title");
          n.open = storage::text(r, "status") == "published";
          n.teacher = r->getUInt64("teacher_id");
        } else {
          n.row.activity_id = r->getUInt64("activity_id");
          n.row.activity_title = storage::text(r, "activity_title");
          n.row.activity_place = storage::text(r, "place");
          n.row.activity_starts_at = storage::text(r, "starts_at");
          n.open = !r->getBoolean("cancelled");
          n.unit = r->getUInt64("unit_id");
        }
        all_news.push_back(std::move(n));
      }
      for (const auto& n : all_news) {
        if (storage::change(db, query::claim_news, n.row.id) != 1) continue;
        ++looked_at;
        if (!n.open) continue;
        auto readers = n.row.kind == "new_course" ? storage::select(db, query::course_readers, n.row.course_id,
                                                                    n.created, n.teacher, n.row.course_id)
                                                  : storage::select(db, query::class_neighbours, n.unit, n.created);
        std::vector<std::string> to;
        while (readers->next()) to.push_back(storage::text(readers, "email"));
        for (const auto& address : to) send_to(address, n.row);
      }
      return looked_at;
    });
  });
}

}  // namespace lifelong::services
