#include "org_fixture.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "storage/sql.hpp"

namespace lifelong::test_env {

std::uint64_t add_unit(const char* level, const std::string& name, std::optional<std::uint64_t> parent) {
  return test_server::get().application->db.with([&](sql::Connection& db) {
    auto st = storage::prepare(db, "INSERT INTO org_units (parent_id, level, name) VALUES (?, ?, ?)");
    if (parent)
      st->setUInt64(1, *parent);
    else
      st->setNull(1, 0);
    st->setString(2, level);
    st->setString(3, name);
    st->executeUpdate();
    return storage::last_insert_id(db);
  });
}

std::uint64_t complete_course(const signed_in& teacher, const std::string& title) {
  const auto port = test_server::get().port;
  auto course = request(port, "POST", "/api/v1/courses",
                        nlohmann::json{{"title", title}, {"category", "anti_fraud"}}.dump(),
                        json_type + teacher.with_csrf());
  EXPECT_EQ(course.status, 201) << course.body;
  const auto id = nlohmann::json::parse(course.body)["id"].get<std::uint64_t>();
  auto lesson = request(port, "POST", "/api/v1/courses/" + std::to_string(id) + "/lessons",
                        nlohmann::json{{"title", "第一课"}}.dump(), json_type + teacher.with_csrf());
  const auto lesson_id = nlohmann::json::parse(lesson.body)["id"].get<std::uint64_t>();
  test_server::get().application->db.with([&](sql::Connection& db) {
    auto st = storage::prepare(db, "UPDATE lessons SET status = 'ready', media_version = 1 WHERE id = ?");
    st->setUInt64(1, lesson_id);
    st->executeUpdate();
  });
  return id;
}

}  // namespace lifelong::test_env
