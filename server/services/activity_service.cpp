#include "activity_service.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "error.hpp"
#include "figures_ledger.hpp"
#include "message_posts.hpp"
#include "org_service.hpp"
#include "permissions.hpp"
#include "storage/sql.hpp"
#include "text_rules.hpp"

namespace lifelong::services {
namespace {

constexpr const char* columns =
    "SELECT a.id, a.unit_id, o.name AS unit_name, a.category_code, a.title, a.place, "
    "DATE_FORMAT(a.starts_at, '%Y-%m-%d %H:%i:%s') AS starts_at, a.capacity, a.signups, a.participants, "
    "a.starts_at <= UTC_TIMESTAMP() AS past, DATE_FORMAT(a.starts_at + INTERVAL 8 HOUR, '%Y-%m-%dT%H:%i') AS "
    "starts_local, a.cancelled_at IS NOT NULL AS cancelled, a.changed_at IS NOT NULL AS changed";

template <class Rows>  // storage::rows or storage::result
activity_row read_row(Rows& r) {
  activity_row a;
  a.id = r->getUInt64("id");
  a.unit_id = r->getUInt64("unit_id");
  a.unit_name = storage::text(r, "unit_name");
  a.category = storage::text(r, "category_code");
  a.title = storage::text(r, "title");
  a.place = storage::text(r, "place");
  a.starts_at = storage::text(r, "starts_at");
  a.capacity = r->getInt("capacity");
  a.signups = r->getInt("signups");
  if (!r->isNull("participants")) a.participants = r->getInt("participants");
  a.past = r->getBoolean("past");
  a.starts_local = storage::text(r, "starts_local");
  a.cancelled = r->getBoolean("cancelled");
  a.changed = r->getBoolean("changed");
  return a;
}

bool valid_local_time(const std::string& t) {
  int y = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0;
  char tail = 0;
  if (t.size() != 16 || std::sscanf(t.c_str(), "%4d-%2u-%2uT%2u:%2u%c", &y, &mo, &d, &h, &mi, &tail) != 5) return false;
  using namespace std::chrono;
  return year_month_day{year{y}, month{mo}, day{d}}.ok() && h < 24 && mi < 60;
}

}  // namespace

std::vector<std::uint64_t> activity_service::path(std::uint64_t unit) {
  return db_.with([&](sql::Connection& db) { return unit_path_of(db, unit); });
}

void activity_service::check_fields(const new_activity& a) {
  if (!fits_text(a.title, 200)) throw invalid("errors.activity_title_invalid", "title");
  if (!fits_text(a.place, 200)) throw invalid("errors.activity_place_invalid", "place");
  if (!valid_local_time(a.starts_at)) throw invalid("errors.activity_time_invalid", "starts_at");
  if (a.capacity < 1 || a.capacity > 10000) throw invalid("errors.activity_capacity_invalid", "capacity");
  if (a.participants && (*a.participants < 0 || *a.participants > 100000))
    throw invalid("errors.participants_invalid", "participants");
}

namespace {
// When a China-time "YYYY-MM-DDTHH:MM" lies: past (already begun) and more than a year back.
std::pair<bool, bool> when_is(sql::Connection& db, const std::string& local) {
  auto f =
      storage::select(db,
                      "SELECT CAST(REPLACE(?, 'T', ' ') AS DATETIME) - INTERVAL 8 HOUR <= UTC_TIMESTAMP(), "
                      "CAST(REPLACE(?, 'T', ' ') AS DATETIME) - INTERVAL 8 HOUR < UTC_TIMESTAMP() - INTERVAL 1 YEAR",
                      local, local);
  if (!f->next()) throw invalid("errors.activity_time_invalid", "starts_at");
  return {f->getBoolean(1), f->getBoolean(2)};
}
}  // namespace

std::uint64_t activity_service::create(const actor& who, const new_activity& a) {
  require_administrator(path(a.unit_id), who);
  const auto created_by = who.user_id;
  check_fields(a);
  return db_.with([&](sql::Connection& db) {
    const auto [past, too_old] = when_is(db, a.starts_at);
    if (too_old) throw invalid("errors.activity_time_too_old", "starts_at");
    // A class already held is recorded with how many came; an upcoming one cannot have that yet.
    if (past && !a.participants) throw invalid("errors.activity_past_needs_participants", "participants");
    if (!past && a.participants) throw invalid("errors.activity_not_yet", "participants");
    auto st = storage::prepare(db,
                               "INSERT INTO offline_activities (unit_id, category_code, title, place, starts_at, "
                               "capacity, created_by, participants) VALUES (?, ?, ?, ?, CAST(REPLACE(?, 'T', ' ') AS "
                               "DATETIME) - INTERVAL 8 HOUR, ?, ?, ?)");
    st->setUInt64(1, a.unit_id);
    st->setString(2, a.category);
    st->setString(3, a.title);
    st->setString(4, a.place);
    st->setString(5, a.starts_at);
    st->setInt(6, a.capacity);
    st->setUInt64(7, created_by);
    if (a.participants)
      st->setInt(8, *a.participants);
    else
      st->setNull(8, 0);
    return storage::in_transaction(db, [&] {
      try {
        st->execute();
      } catch (const sql::SQLException& e) {
        if (storage::is_missing_reference(e))  // a foreign key: which one
          throw invalid(
              std::string(e.what()).find("fk_activity_category") != std::string::npos ? "errors.category_unknown"
                                                                                      : "errors.unit_unknown",
              std::string(e.what()).find("fk_activity_category") != std::string::npos ? "category" : "unit_id");
        throw;
      }
      const auto id = storage::last_insert_id(db);
      if (!past) message_posts::new_class(db, id, a.unit_id);  // news for those living there
      return id;
    });
  });
}

void activity_service::update(const actor& who, std::uint64_t id, const new_activity& a) {
  const auto found = find(id);
  if (!found) throw not_found();
  require_administrator(path(found->unit_id), who);
  check_fields(a);
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      auto r = storage::select(db,
                               "SELECT signups, starts_at > UTC_TIMESTAMP() AND cancelled_at IS NULL AS open "
                               "FROM offline_activities WHERE id = ? FOR UPDATE",
                               id);
      if (!r->next()) throw not_found();
      if (!r->getBoolean("open")) throw conflict("errors.activity_started");
      if (when_is(db, a.starts_at).first) throw invalid("errors.activity_time_past", "starts_at");
      if (a.capacity < r->getInt("signups")) throw invalid("errors.activity_capacity_below_signups", "capacity");
      // Marked first, against the old values: the people who signed up see what changed.
      storage::change(db,
                      "UPDATE offline_activities SET changed_at = UTC_TIMESTAMP() WHERE id = ? AND (title <> ? COLLATE "
                      "utf8mb4_bin OR place <> ? COLLATE utf8mb4_bin OR starts_at <> CAST(REPLACE(?, 'T', ' ') AS "
                      "DATETIME) - INTERVAL 8 HOUR)",
                      id, a.title, a.place, a.starts_at);
      try {
        storage::change(db,
                        "UPDATE offline_activities SET category_code = ?, title = ?, place = ?, starts_at = "
                        "CAST(REPLACE(?, 'T', ' ') AS DATETIME) - INTERVAL 8 HOUR, capacity = ? WHERE id = ?",
                        a.category, a.title, a.place, a.starts_at, a.capacity, id);
      } catch (const sql::SQLException& e) {
        if (storage::is_missing_reference(e)) throw invalid("errors.category_unknown", "category");
        throw;
      }
    });
  });
}

void activity_service::cancel_activity(const actor& who, std::uint64_t id) {
  const auto found = find(id);
  if (!found) throw not_found();
  require_administrator(path(found->unit_id), who);
  db_.with([&](sql::Connection& db) {
    if (storage::change(db,
                        "UPDATE offline_activities SET cancelled_at = UTC_TIMESTAMP() "
                        "WHERE id = ? AND starts_at > UTC_TIMESTAMP() AND cancelled_at IS NULL",
                        id) == 0)
      throw conflict("errors.activity_started");
  });
}

std::optional<activity_row> activity_service::find(std::uint64_t id) {
  return db_.with([&](sql::Connection& db) -> std::optional<activity_row> {
    auto st =
        storage::prepare(db, (std::string(columns) + " FROM offline_activities a JOIN org_units o ON o.id = a.unit_id "
                                                     "WHERE a.id = ?")
                                 .c_str());
    st->setUInt64(1, id);
    storage::rows r(st->executeQuery());
    if (!r->next()) return std::nullopt;
    return read_row(r);
  });
}

void activity_service::record_participants(const actor& who, std::uint64_t id, int participants) {
  const auto found = find(id);
  if (!found) throw not_found();
  require_administrator(path(found->unit_id), who);
  if (participants < 0 || participants > 100000) throw invalid("errors.participants_invalid", "participants");
  db_.with([&](sql::Connection& db) {
    if (storage::change(db,
                        "UPDATE offline_activities SET participants = ? "
                        "WHERE id = ? AND starts_at <= UTC_TIMESTAMP() AND cancelled_at IS NULL",
                        participants, id) == 0)
      throw conflict("errors.activity_not_yet", "participants");
  });
}

std::vector<activity_row> activity_service::upcoming_for(const actor& who, int limit) {
  if (who.home_path.empty()) return {};
  const auto user_id = who.user_id;
  const auto community = who.home_path.front();
  return db_.with([&](sql::Connection& db) {
    const auto units = storage::id_list(unit_and_above(db, community));
    std::vector<activity_row> out;
    if (units.empty()) return out;
    auto st = storage::prepare(
        db, (std::string(columns) +
             ", s.user_id IS NOT NULL AS signed_up FROM offline_activities a "
             "JOIN org_units o ON o.id = a.unit_id LEFT JOIN activity_signups s ON s.activity_id = a.id "
             "AND s.user_id = ? WHERE a.unit_id IN (" +
             units +
             ") AND a.starts_at > UTC_TIMESTAMP() AND (a.cancelled_at IS NULL OR s.user_id IS NOT NULL) "
             "ORDER BY a.starts_at, a.id LIMIT ?")
                .c_str());
    st->setUInt64(1, user_id);
    st->setInt(2, limit);
    storage::rows r(st->executeQuery());
    while (r->next()) {
      out.push_back(read_row(r));
      out.back().signed_up = r->getBoolean("signed_up");
    }
    return out;
  });
}

std::vector<activity_row> activity_service::of_area(const actor& who, std::uint64_t unit, int limit) {
  require_administrator(path(unit), who);
  return db_.with([&](sql::Connection& db) {
    // The subtree: the unit and up to three levels below it.
    auto st = storage::prepare(
        db, (std::string(columns) +
             " FROM offline_activities a JOIN org_units o ON o.id = a.unit_id "
             "LEFT JOIN org_units p1 ON p1.id = o.parent_id LEFT JOIN org_units p2 ON p2.id = p1.parent_id "
             "LEFT JOIN org_units p3 ON p3.id = p2.parent_id WHERE ? IN (o.id, p1.id, p2.id, p3.id) "
             "ORDER BY a.starts_at DESC, a.id DESC LIMIT ?")
                .c_str());
    st->setUInt64(1, unit);
    st->setInt(2, limit);
    storage::rows r(st->executeQuery());
    std::vector<activity_row> out;
    while (r->next()) out.push_back(read_row(r));
    return out;
  });
}

void activity_service::sign_up(const actor& who, std::uint64_t activity) {
  if (who.home_path.empty()) throw conflict("errors.activity_needs_home");
  const auto user_id = who.user_id;
  const auto community = who.home_path.front();
  db_.with([&](sql::Connection& db) {
    const auto area = unit_and_above(db, community);
    storage::in_transaction(db, [&] {
      // The row lock makes the places count exact under concurrent sign-ups.
      auto r = storage::select(db,
                               "SELECT unit_id, capacity, signups, starts_at <= UTC_TIMESTAMP() AS past, "
                               "cancelled_at IS NOT NULL AS cancelled FROM offline_activities WHERE id = ? FOR UPDATE",
                               activity);
      if (!r->next() || std::find(area.begin(), area.end(), r->getUInt64("unit_id")) == area.end()) throw not_found();
      if (r->getBoolean("past")) throw conflict("errors.activity_started");
      if (r->getBoolean("cancelled")) throw conflict("errors.activity_cancelled");
      if (storage::change(db, "INSERT IGNORE INTO activity_signups (activity_id, user_id) VALUES (?, ?)", activity,
                          user_id) == 0)
        return;  // already signed up
      if (r->getInt("signups") >= r->getInt("capacity")) throw conflict("errors.activity_full");
      storage::change(db, "UPDATE offline_activities SET signups = signups + 1 WHERE id = ?", activity);
    });
  });
}

void activity_service::cancel(const actor& who, std::uint64_t activity) {
  const auto user_id = who.user_id;
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      if (storage::change(db, "DELETE FROM activity_signups WHERE activity_id = ? AND user_id = ?", activity,
                          user_id) == 0)
        return;
      storage::change(db, "UPDATE offline_activities SET signups = signups - 1 WHERE id = ?", activity);
    });
  });
}

}  // namespace lifelong::services
