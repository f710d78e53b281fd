#include "figures_ledger.hpp"

#include <string>
#include <utility>
#include <vector>

#include "storage/sql.hpp"

namespace lifelong::services {
// The network has four levels.
std::vector<std::uint64_t> unit_and_above(sql::Connection& db, std::uint64_t community) {
  auto r =
      storage::select(db,
                      "SELECT c.id, p1.id AS p1, p2.id AS p2, p3.id AS p3 FROM org_units c "
                      "LEFT JOIN org_units p1 ON p1.id = c.parent_id LEFT JOIN org_units p2 ON p2.id = p1.parent_id "
                      "LEFT JOIN org_units p3 ON p3.id = p2.parent_id WHERE c.id = ?",
                      community);
  std::vector<std::uint64_t> chain;
  if (r->next())
    for (int i = 1; i <= 4; ++i)
      if (!r->isNull(i)) chain.push_back(r->getUInt64(i));
  return chain;
}

void add_to_figures(sql::Connection& db, std::uint64_t user_id, std::uint64_t course_id, const figures_event& e,
                    std::optional<std::uint64_t> community) {
  if (e.empty()) return;
  if (!community) {
    auto r = storage::select(db, "SELECT org_unit_id FROM users WHERE id = ?", user_id);
    if (!r->next() || r->isNull(1)) return;
    community = r->getUInt64(1);
  }
  const auto chain = unit_and_above(db, *community);
  // Rows in one order in every transaction (units from the top down, all courses first),
  // so two reports never wait for each other's rows in a cycle.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> rows;  // unit, course
  for (auto unit = chain.rbegin(); unit != chain.rend(); ++unit) {
    rows.emplace_back(*unit, 0);
    if (course_id) rows.emplace_back(*unit, course_id);
  }
  if (rows.empty()) return;
  std::string values;
  for (std::size_t i = 0; i < rows.size(); ++i)
    values += std::string(i ? "," : "") + "(?, DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR), ?, ?, ?, ?, ?, ?, ?)";
  auto st = storage::prepare(
      db, ("INSERT INTO unit_day_figures (unit_id, day, course_id, registrations, starters, enrolments, completions, "
           "credits, seconds) VALUES " +
           values +
           " ON DUPLICATE KEY UPDATE registrations = registrations + VALUES(registrations), starters = starters + "
           "VALUES(starters), enrolments = enrolments + VALUES(enrolments), completions = completions + "
           "VALUES(completions), credits = credits + VALUES(credits), seconds = seconds + VALUES(seconds)")
              .c_str());
  int p = 1;
  for (const auto& [unit, course] : rows) {
    st->setUInt64(p++, unit);
    st->setUInt64(p++, course);
    st->setInt(p++, e.registrations);
    st->setUInt(p++, e.starters);
    st->setUInt(p++, e.enrolments);
    st->setUInt(p++, e.completions);
    st->setDouble(p++, e.credits);
    st->setUInt64(p++, e.seconds);
  }
  st->execute();
}

void add_learning_day(sql::Connection& db, std::uint64_t user_id) {
  auto home = storage::prepare(db, "SELECT org_unit_id FROM users WHERE id = ?");
  home->setUInt64(1, user_id);
  storage::rows h(home->executeQuery());
  if (!h->next() || h->isNull(1)) return;
  const auto community = h->getUInt64(1);
  const auto chain = unit_and_above(db, community);
  if (chain.empty()) return;
  std::string values;
  for (std::size_t i = 0; i < chain.size(); ++i) values += std::string(i ? "," : "") + "(?, @today, @previous, 1)";
  // Today's row elsewhere (moved home today) makes today the previous day: counted once.
  auto previous = storage::prepare(
      db,
      "SELECT @today := DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR), @previous := COALESCE((SELECT MAX(day) FROM "
      "learning_days WHERE user_id = ? AND day <= @today AND NOT (day = @today AND community_id = ?)), '1000-01-01')");
  previous->setUInt64(1, user_id);
  previous->setUInt64(2, community);
  storage::rows(previous->executeQuery());
  auto st = storage::prepare(db, ("INSERT INTO unit_day_learners (unit_id, day, previous_day, people) VALUES " +
                                  values + " ON DUPLICATE KEY UPDATE people = people + 1")
                                     .c_str());
  for (std::size_t i = 0; i < chain.size(); ++i) st->setUInt64(static_cast<int>(i + 1), chain[chain.size() - 1 - i]);
  st->execute();
}

}  // namespace lifelong::services
