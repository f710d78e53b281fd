#include "rating_service.hpp"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "error.hpp"
#include "permissions.hpp"
#include "storage/sql.hpp"
#include "text_rules.hpp"

namespace lifelong::services {
namespace {
namespace query {
constexpr const char* started =
    "SELECT (EXISTS (SELECT 1 FROM enrolments WHERE user_id = ? AND course_id = ?) OR "
    "EXISTS (SELECT 1 FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id "
    "WHERE p.user_id = ? AND l.course_id = ?)) AS started";
// The person's row is locked so that parallel ratings cannot both pass the hourly bound.
constexpr const char* lock_person = "SELECT id FROM users WHERE id = ? FOR UPDATE";
constexpr const char* forget_old_writes =
    "DELETE FROM rating_writes WHERE user_id = ? AND at <= NOW() - INTERVAL 1 HOUR";
// How many this hour, and the seconds until the oldest of them leaves the hour.
constexpr const char* writes_this_hour =
    "SELECT COUNT(*) AS n, TIMESTAMPDIFF(SECOND, NOW(), MIN(at) + INTERVAL 1 HOUR) AS wait FROM rating_writes "
    "WHERE user_id = ?";
constexpr const char* note_write = "INSERT INTO rating_writes (user_id) VALUES (?)";
constexpr const char* existing =
    "SELECT stars, comment, comment_state FROM course_ratings WHERE user_id = ? AND course_id = ? FOR UPDATE";
// Assignments run left to right: the reply and the reason are judged against the old
// comment and state before those change. A reply belongs to the words it answered.
constexpr const char* upsert =
    "INSERT INTO course_ratings (user_id, course_id, stars, comment, comment_state, home_unit_id) "
    "VALUES (?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE "
    "reply = IF(VALUES(comment) = comment, reply, ''), replied_at = IF(VALUES(comment) = comment, replied_at, NULL), "
    "hidden_reason = IF(VALUES(comment_state) = 'hidden', hidden_reason, ''), "
    "stars = VALUES(stars), comment = VALUES(comment), comment_state = VALUES(comment_state), "
    "home_unit_id = VALUES(home_unit_id), updated_at = NOW()";
constexpr const char* summary = "SELECT rating_count, rating_sum FROM courses WHERE id = ?";
constexpr const char* add_to_course =
    "UPDATE courses SET rating_count = rating_count + ?, rating_sum = CAST(rating_sum AS SIGNED) + ? WHERE id = ?";
constexpr const char* log =
    "INSERT INTO comment_moderation (course_id, author_id, action, reason, actor_id) VALUES (?, ?, ?, ?, ?)";
constexpr const char* own =
    "SELECT r.user_id, u.display_name, r.stars, r.comment, r.comment_state, r.hidden_reason, r.reply, "
    "r.updated_at AS at FROM course_ratings r JOIN users u ON u.id = r.user_id "
    "WHERE r.user_id = ? AND r.course_id = ?";
// Comments with words; `all` (reviewers) sees every state, others the shown ones and their own.
constexpr const char* comments =
    "SELECT r.user_id, u.display_name, r.stars, r.comment, r.comment_state, r.hidden_reason, r.reply, "
    "r.updated_at AS at, COUNT(*) OVER () AS total FROM course_ratings r "
    "JOIN users u ON u.id = r.user_id WHERE r.course_id = ? AND r.comment <> '' "
    "AND (? OR r.comment_state = 'shown' OR r.user_id = ?) ORDER BY r.updated_at DESC, r.user_id DESC LIMIT ? OFFSET ?";
constexpr const char* reply =
    "UPDATE course_ratings SET reply = ?, replied_at = IF(? = '', NULL, NOW()) "
    "WHERE course_id = ? AND user_id = ? AND comment <> '' AND comment_state = 'shown'";
constexpr const char* shown_comment =
    "SELECT 1 FROM course_ratings WHERE course_id = ? AND user_id = ? AND comment <> '' AND comment_state = 'shown'";
constexpr const char* moderate =
    "UPDATE course_ratings SET comment_state = ?, hidden_reason = ? WHERE course_id = ? AND user_id = ? AND comment <> "
    "''";
}  // namespace query

// The code points of well-formed UTF-8 (checked before).
std::vector<char32_t> code_points(const std::string& s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}
// Characters that reorder or hide text (bidirectional overrides and isolates), which a
// comment has no use for and which could make it read otherwise than it is stored.
bool reorders_text(char32_t c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

// What a person typed, as stored: line breaks as LF, tabs as spaces, trimmed; no other
// control characters and nothing that reorders text.
std::string clean_text(const std::string& text, std::size_t max_chars, const std::string& field) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      out += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;  // CR LF is one break
    } else {
      out += text[i] == '\t' ? ' ' : text[i];
    }
  }
  const auto first = out.find_first_not_of(" \n");
  out = first == std::string::npos ? std::string() : out.substr(first, out.find_last_not_of(" \n") - first + 1);
  std::string without_breaks = out;
  std::replace(without_breaks.begin(), without_breaks.end(), '\n', ' ');
  if (!is_utf8(out) || has_control_bytes(without_breaks)) throw invalid("errors." + field + "_invalid", field);
  const auto points = code_points(out);
  if (std::any_of(points.begin(), points.end(), reorders_text)) throw invalid("errors." + field + "_invalid", field);
  if (points.size() > max_chars) throw invalid("errors." + field + "_too_long", field);
  return out;
}

// For matching held words: any kind of space and invisible character out (ideographic
// and no-break spaces, zero-width ones), full-width letters and digits as ASCII, ASCII in
// lower case. The result is compared as code points.
std::u32string folded(const std::string& s) {
  std::u32string out;
  for (char32_t c : code_points(s)) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    const bool invisible = c <= 0x20 || c == 0x7F || c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200F) ||
                           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || (c >= 0x2060 && c <= 0x2064) ||
                           c == 0xFEFF;
    if (invisible) continue;
    if (c < 0x80) c = static_cast<char32_t>(std::tolower(static_cast<int>(c)));
    out += c;
  }
  return out;
}

rating_entry read_entry(storage::result& r) {
  rating_entry e;
  e.author_id = r->getUInt64("user_id");
  e.author_name = storage::text(r, "display_name");
  e.stars = r->getInt("stars");
  e.comment = storage::text(r, "comment");
  e.state = storage::text(r, "comment_state");
  e.hidden_reason = storage::text(r, "hidden_reason");
  e.reply = storage::text(r, "reply");
  e.updated_at = storage::text(r, "at");
  return e;
}
}  // namespace

bool rating_service::held(const std::string& comment) const {
  const auto text = folded(comment);
  return std::any_of(held_words_.begin(), held_words_.end(), [&](const std::string& word) {
    const auto w = is_utf8(word) ? folded(word) : std::u32string();
    return !w.empty() && text.find(w) != std::u32string::npos;
  });
}

bool rating_service::may_rate(const actor& who, const course_row& course) {
  if (course.status != "published" || !offered_to(course, &who) || course.teacher_id == who.user_id) return false;
  return db_.with([&](sql::Connection& db) {
    auto r = storage::select(db, query::started, who.user_id, course.id, who.user_id, course.id);
    return r->next() && r->getBoolean("started");
  });
}

void rating_service::rate(const actor& who, std::uint64_t course_id, int stars, const std::string& comment) {
  const auto course = require_open(courses_.find(course_id), who);
  if (course.teacher_id == who.user_id) throw forbidden("errors.own_course_rating");
  if (stars < 1 || stars > 5) throw invalid("errors.rating_stars", "stars");
  const auto text = clean_text(comment, comment_chars, "comment");
  if (!may_rate(who, course)) throw conflict("errors.rate_after_starting");
  const std::optional<std::uint64_t> home =
      who.home_path.empty() ? std::nullopt : std::optional<std::uint64_t>(who.home_path.front());
  // Read committed: the locking read of a rating not yet there takes no gap lock, so two
  // people rating one course for the first time at once do not deadlock.
  const bool stars_moved = db_.with([&](sql::Connection& db) {
    return storage::in_read_committed_transaction(db, [&] {
      storage::select(db, query::lock_person, who.user_id);
      auto before = storage::select(db, query::existing, who.user_id, course_id);
      const bool had = before->next();
      const int old_stars = had ? before->getInt("stars") : 0;
      const std::string old_comment = had ? storage::text(before, "comment") : "";
      const std::string old_state = had ? storage::text(before, "comment_state") : "shown";
      if (had && stars == old_stars && text == old_comment) return false;  // nothing new: nothing written
      storage::change(db, query::forget_old_writes, who.user_id);
      auto n = storage::select(db, query::writes_this_hour, who.user_id);
      if (n->next() && n->getInt("n") >= most_per_hour)
        throw too_many("errors.rating_flood", std::max(1, n->getInt("wait")));
      storage::change(db, query::note_write, who.user_id);
      // The same words keep their state (changing the stars releases nothing). New words
      // are held when they hold a listed word, or when the old ones were not shown (held
      // or hidden), so editing is no way around a reviewer; no words keep the old state,
      // so clearing and posting again is none either.
      std::string state = old_state;
      if (text != old_comment && !text.empty()) state = held(text) || old_state != "shown" ? "held" : "shown";
      storage::change(db, query::upsert, who.user_id, course_id, stars, text, state, home);
      storage::change(db, query::add_to_course, had ? 0 : 1, stars - old_stars, course_id);
      if (state == "held" && !text.empty() && (old_state != "held" || text != old_comment))
        storage::change(db, query::log, course_id, who.user_id, std::string("held"),
                        std::string(old_state == "shown" ? "held word" : "edited while " + old_state),
                        std::optional<std::uint64_t>());
      return !had || stars != old_stars;
    });
  });
  if (stars_moved) courses_.catalog_changed();  // the catalog shows the average and orders by it
}

std::pair<unsigned, unsigned> rating_service::summary(std::uint64_t course_id) {
  return db_.with([&](sql::Connection& db) {
    auto r = storage::select(db, query::summary, course_id);
    return r->next() ? std::pair<unsigned, unsigned>{r->getUInt("rating_count"), r->getUInt("rating_sum")}
                     : std::pair<unsigned, unsigned>{0, 0};
  });
}

std::optional<rating_entry> rating_service::own(const actor& who, std::uint64_t course_id) {
  return db_.with([&](sql::Connection& db) -> std::optional<rating_entry> {
    auto r = storage::select(db, query::own, who.user_id, course_id);
    if (!r->next()) return std::nullopt;
    return read_entry(r);
  });
}

page_of_ratings rating_service::comments(const actor* who, const course_row& course, int offset, int limit) {
  const bool reviewer = who && can_review(course, who);
  const std::uint64_t reader = who ? who->user_id : 0;
  return db_.with([&](sql::Connection& db) {
    page_of_ratings page;
    auto r = storage::select(db, query::comments, course.id, reviewer, reader, limit, offset);
    while (r->next()) {
      page.total = r->getInt("total");
      page.entries.push_back(read_entry(r));
    }
    return page;
  });
}

void rating_service::reply(const actor& who, std::uint64_t course_id, std::uint64_t author_id,
                           const std::string& text) {
  const auto course = require_visible(courses_.find(course_id), &who);
  // The course's own teacher, by password (can_edit refuses a learning card's session).
  if (course.teacher_id != who.user_id || !can_edit(course, &who)) throw forbidden();
  const auto answer = clean_text(text, comment_chars, "reply");
  db_.with([&](sql::Connection& db) {
    // Only a comment everyone sees: a held or hidden one answers 404 like none at all.
    if (!storage::select(db, query::shown_comment, course_id, author_id)->next()) throw not_found();
    storage::change(db, query::reply, answer, answer, course_id, author_id);
  });
}

void rating_service::moderate(const actor& who, std::uint64_t course_id, std::uint64_t author_id, bool show,
                              const std::string& reason) {
  const auto course = courses_.find(course_id);
  if (!course || !can_review(*course, &who)) throw not_found();
  // Nobody judges their own words, or the comments on their own course.
  if (author_id == who.user_id || course->teacher_id == who.user_id) throw forbidden("errors.moderate_own");
  const auto why = clean_text(reason, reason_chars, "reason");
  if (!show && why.empty()) throw invalid("errors.hide_reason_required", "reason");
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      if (storage::change(db, query::moderate, std::string(show ? "shown" : "hidden"), show ? std::string() : why,
                          course_id, author_id) == 0) {
        auto exists = storage::select(db, query::own, author_id, course_id);
        if (!exists->next() || storage::text(exists, "comment").empty()) throw not_found();
        return;  // already so
      }
      storage::change(db, query::log, course_id, author_id, std::string(show ? "shown" : "hidden"), why, who.user_id);
    });
  });
}

}  // namespace lifelong::services
