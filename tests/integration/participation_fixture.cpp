#include "participation_fixture.hpp"

#include <gtest/gtest.h>

#include "storage/sql.hpp"

namespace lifelong::test_env {
namespace {
unsigned short port() {
  return test_server::get().port;
}
}  // namespace

nlohmann::json figures(const signed_in& who, std::uint64_t unit, const std::string& query) {
  auto r = request(port(), "GET", "/api/v1/stats/units/" + std::to_string(unit) + query, "", who.cookie);
  EXPECT_EQ(r.status, 200) << r.body;
  return r.status == 200 ? nlohmann::json::parse(r.body) : nlohmann::json::object();
}

void watch(const signed_in& who, std::uint64_t course, double seconds) {
  const auto id = std::to_string(course);
  EXPECT_EQ(request(port(), "PUT", "/api/v1/courses/" + id + "/enrolment", "", who.with_csrf()).status, 200);
  const auto lesson = nlohmann::json::parse(request(port(), "GET", "/api/v1/courses/" + id).body)["lessons"][0]["id"];
  EXPECT_EQ(request(port(), "POST", "/api/v1/lessons/" + lesson.dump() + "/progress",
                    nlohmann::json{{"ranges", {{0, seconds}}}}.dump(), json_type + who.with_csrf())
                .status,
            200);
}

void learned_days_ago(const signed_in& who, int days, const std::vector<std::uint64_t>& home_and_above) {
  test_server::get().application->db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(db, "UPDATE learning_days SET day = day - INTERVAL ? DAY WHERE user_id = ?");
    st->setInt(1, days);
    st->setUInt64(2, who.id);
    st->executeUpdate();
    for (auto unit : home_and_above) {
      auto today = lifelong::storage::prepare(
          db, "UPDATE unit_day_learners SET people = people - 1 WHERE unit_id = ? AND previous_day = '1000-01-01' "
              "AND day = DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR)");
      today->setUInt64(1, unit);
      ASSERT_EQ(today->executeUpdate(), 1);
      auto before = lifelong::storage::prepare(
          db, "INSERT INTO unit_day_learners (unit_id, day, previous_day, people) VALUES "
              "(?, DATE(UTC_TIMESTAMP() + INTERVAL 8 HOUR) - INTERVAL ? DAY, '1000-01-01', 1) "
              "ON DUPLICATE KEY UPDATE people = people + 1");
      before->setUInt64(1, unit);
      before->setInt(2, days);
      before->execute();
    }
  });
}

void set_population(std::uint64_t unit, int population) {
  test_server::get().application->db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(db, "UPDATE org_units SET population = ? WHERE id = ?");
    st->setInt(1, population);
    st->setUInt64(2, unit);
    st->executeUpdate();
  });
}

const nlohmann::json& child(const nlohmann::json& f, std::uint64_t unit) {
  for (const auto& c : f["children"])
    if (c["unit"]["id"] == unit) return c;
  throw std::runtime_error("no such child");
}

}  // namespace lifelong::test_env
