#include "org_fixture.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <regex>

#include "http/form.hpp"
#include "services/course_changes.hpp"
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

std::string issue_card(const signed_in& staff, const std::string& display_name, std::uint64_t community) {
  auto made = request(test_server::get().port, "POST", "/staff/cards",
                      "display_name=" + http::url_encode(display_name) + "&org_unit_id=" + std::to_string(community) +
                          "&_csrf=" + staff.csrf,
                      "Content-Type: application/x-www-form-urlencoded\r\n" + staff.cookie);
  EXPECT_EQ(made.status, 200) << made.body;
  std::smatch m;
  if (!std::regex_search(made.body, m, std::regex("/card/([A-Za-z0-9_-]{43})"))) return {};
  return m[1];
}

signed_in sign_in_with_card(const std::string& secret) {
  const auto port = test_server::get().port;
  auto welcome = request(port, "GET", "/card/" + secret);
  if (welcome.status != 200) return {};
  auto csrf_cookie = welcome.header("set-cookie");
  csrf_cookie = csrf_cookie.substr(0, csrf_cookie.find(';'));  // ll_csrf=…
  const auto token = csrf_cookie.substr(csrf_cookie.find('=') + 1);
  auto done = request(port, "POST", "/card/" + secret, "_csrf=" + token,
                      "Content-Type: application/x-www-form-urlencoded\r\nCookie: " + csrf_cookie + "\r\n");
  EXPECT_EQ(done.status, 303) << done.body;
  auto sid = done.header("set-cookie");
  signed_in who;
  who.cookie = "Cookie: " + sid.substr(0, sid.find(';')) + "\r\n";
  auto me = request(port, "GET", "/api/v1/me", "", who.cookie);
  if (me.status != 200) return {};
  const auto j = nlohmann::json::parse(me.body);
  who.id = j["user"]["id"].get<std::uint64_t>();
  who.username = j["user"]["username"].get<std::string>();
  who.csrf = j["csrf_token"].get<std::string>();
  return who;
}

void publish_directly(std::uint64_t course_id) {
  auto& app = *test_server::get().application;
  app.db.with([&](sql::Connection& db) {
    auto st = storage::prepare(db, "UPDATE courses SET status = 'published', published_at = UTC_TIMESTAMP() WHERE id = ?");
    st->setUInt64(1, course_id);
    st->executeUpdate();
    auto lessons = storage::prepare(db, "UPDATE lessons SET published_version = media_version, "
                                        "published_duration_ms = duration_ms WHERE course_id = ?");
    lessons->setUInt64(1, course_id);
    lessons->executeUpdate();
  });
  app.courses.catalog_changed();
}

void approve_changes_directly(std::uint64_t course_id) {
  auto& app = *test_server::get().application;
  app.db.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] { services::publish_working_copy(db, course_id); });
  });
  app.courses.catalog_changed();
}

std::uint64_t published_course(const signed_in& teacher, const std::string& title, const std::string& category,
                               const std::vector<std::string>& groups) {
  auto r = request(test_server::get().port, "POST", "/api/v1/courses",
                   nlohmann::json{{"title", title}, {"category", category}, {"learner_groups", groups}}.dump(),
                   json_type + teacher.with_csrf());
  EXPECT_EQ(r.status, 201) << r.body;
  const auto id = nlohmann::json::parse(r.body)["id"].get<std::uint64_t>();
  auto l = request(test_server::get().port, "POST", "/api/v1/courses/" + std::to_string(id) + "/lessons",
                   nlohmann::json{{"title", "第一课"}}.dump(), json_type + teacher.with_csrf());
  EXPECT_EQ(l.status, 201) << l.body;
  test_server::get().application->db.with([&](sql::Connection& db) {
    auto st = storage::prepare(
        db, "UPDATE lessons SET status = 'ready', media_version = 1, duration_ms = 100000 WHERE course_id = ?");
    st->setUInt64(1, id);
    st->executeUpdate();
  });
  publish_directly(id);
  return id;
}

}  // namespace lifelong::test_env
