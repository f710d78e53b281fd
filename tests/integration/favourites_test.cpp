// 收藏 (issue 21): a signed-in person keeps courses open to them for later, from the course
// page or the API, and finds them on "我的收藏", newest first. Only their own list changes;
// a course that stops being offered to them is kept but not shown.
#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>

#include "org_fixture.hpp"
#include "storage/sql.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}
const std::string form_type = "Content-Type: application/x-www-form-urlencoded\r\n";
std::string favourite_url(std::uint64_t course) {
  return "/api/v1/courses/" + std::to_string(course) + "/favourite";
}
int keep(std::uint64_t course, const signed_in& who, const std::string& method = "PUT") {
  return request(port(), method, favourite_url(course), "", who.with_csrf()).status;
}
std::vector<std::uint64_t> kept(const signed_in& who, int page = 1) {
  auto r = request(port(), "GET", "/api/v1/me/favourites?page=" + std::to_string(page), "", who.cookie);
  EXPECT_EQ(r.status, 200) << r.body;
  std::vector<std::uint64_t> ids;
  const auto body = nlohmann::json::parse(r.body);
  for (const auto& c : body["courses"]) ids.push_back(c["id"].get<std::uint64_t>());
  return ids;
}
}  // namespace

TEST(Favourites, APersonKeepsCoursesForLaterAndFindsThemNewestFirst) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.street, t.community);
  const auto first = published_course(teacher, unique_name("收藏一"), "law");
  const auto second = published_course(teacher, unique_name("收藏二"), "health");
  auto person = sign_up_as("", std::nullopt, t.community);
  auto other = sign_up_as("", std::nullopt, t.community);

  auto page = request(port(), "GET", "/me/favourites", "", person.cookie);
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("还没有收藏的课程"), std::string::npos);  // an empty list says what to do

  // Kept in the other order than made, so newest-kept-first is not mistaken for newest-made-first.
  EXPECT_EQ(keep(second, person), 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(5));  // created_at has millisecond steps
  EXPECT_EQ(keep(first, person), 200);
  EXPECT_EQ(keep(first, person), 200);  // again: nothing changes
  EXPECT_EQ(kept(person), (std::vector<std::uint64_t>{first, second}));
  EXPECT_TRUE(kept(other).empty());
  EXPECT_TRUE(kept(person, 2).empty());  // past the last page: nothing, no error

  // The course page offers the one that fits: keep, or stop keeping.
  auto course_page = request(port(), "GET", "/courses/" + std::to_string(first), "", person.cookie);
  EXPECT_NE(course_page.body.find("action=\"/courses/" + std::to_string(first) + "/unfavourite\""), std::string::npos);
  course_page = request(port(), "GET", "/courses/" + std::to_string(first), "", other.cookie);
  EXPECT_NE(course_page.body.find("action=\"/courses/" + std::to_string(first) + "/favourite\""), std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/courses/" + std::to_string(first)).body.find("/favourite\""), std::string::npos);

  // The page's form, as sent; back to where it came from, never elsewhere.
  auto form = request(port(), "POST", "/courses/" + std::to_string(first) + "/favourite",
                      "_csrf=" + other.csrf + "&back=%2Fme%2Ffavourites", form_type + other.cookie);
  EXPECT_EQ(form.status, 303);
  EXPECT_EQ(form.header("location"), "/me/favourites");
  form = request(port(), "POST", "/courses/" + std::to_string(first) + "/unfavourite",
                 "_csrf=" + other.csrf + "&back=https%3A%2F%2Fevil.example", form_type + other.cookie);
  EXPECT_EQ(form.header("location"), "/");
  EXPECT_TRUE(kept(other).empty());
  // Without the session's token, nothing changes.
  form = request(port(), "POST", "/courses/" + std::to_string(first) + "/favourite", "_csrf=wrong",
                 form_type + other.cookie);
  EXPECT_EQ(form.status, 403);
  EXPECT_TRUE(kept(other).empty());

  page = request(port(), "GET", "/me/favourites", "", person.cookie);
  EXPECT_NE(page.body.find("/courses/" + std::to_string(second)), std::string::npos);
  EXPECT_LT(page.body.find("/courses/" + std::to_string(first)), page.body.find("/courses/" + std::to_string(second)));

  // Removing touches only the person's own list, and twice is as once.
  EXPECT_EQ(keep(first, other), 200);
  EXPECT_EQ(keep(first, person, "DELETE"), 200);
  EXPECT_EQ(keep(first, person, "DELETE"), 200);
  EXPECT_EQ(kept(person), (std::vector<std::uint64_t>{second}));
  EXPECT_EQ(kept(other), (std::vector<std::uint64_t>{first}));

  // Bad ids and courses not open to the person are refused and store nothing.
  EXPECT_EQ(keep(999999999, person), 404);
  EXPECT_EQ(request(port(), "PUT", "/api/v1/courses/abc/favourite", "", person.with_csrf()).status, 404);
  EXPECT_EQ(keep(complete_course(teacher, unique_name("草稿")), person), 404);
  EXPECT_EQ(kept(person), (std::vector<std::uint64_t>{second}));
}

TEST(Favourites, ACourseNoLongerOfferedIsKeptUnseenAndTheListHasALimit) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.street, t.community);
  const auto course = published_course(teacher, unique_name("会改范围的课"), "law");
  const auto spare = published_course(teacher, unique_name("第五百零一门"), "law");
  auto person = sign_up_as("", std::nullopt, t.community);
  ASSERT_EQ(keep(course, person), 200);
  // Offered to street B only: gone from the list, back when it is offered again.
  auto audience = [&](const nlohmann::json& units) {
    return request(port(), "PUT", "/api/v1/courses/" + std::to_string(course) + "/audience",
                   nlohmann::json{{"unit_ids", units}}.dump(), json_type + teacher.with_csrf())
        .status;
  };
  ASSERT_EQ(audience({t.street_b}), 200);
  EXPECT_TRUE(kept(person).empty());
  ASSERT_EQ(audience(nlohmann::json::array()), 200);
  EXPECT_EQ(kept(person), (std::vector<std::uint64_t>{course}));

  // 498 more kept courses (offered to this test's community only, made in one statement):
  // 500 in all with the next, the most a list holds.
  auto& db = test_server::get().application->db;
  auto run = [&](const std::string& sql) {
    db.with([&](sql::Connection& c) { lifelong::storage::prepare(c, sql.c_str())->execute(); });
  };
  const auto by = std::to_string(teacher.id), who = std::to_string(person.id), home = std::to_string(t.community);
  run("INSERT INTO courses (title, summary, category_code, teacher_id, org_unit_id, status, published_at) "
      "SELECT CONCAT('收藏满 ', seq), '', 'law', " +
      by + ", " + home + ", 'published', NOW() FROM seq_1_to_498");
  struct cleanup {
    std::function<void()> f;
    ~cleanup() { f(); }
  } remove_them{[&] { run("DELETE FROM courses WHERE teacher_id = " + by + " AND title LIKE '收藏满 %'"); }};
  run("INSERT INTO course_audience_units (course_id, org_unit_id) SELECT id, " + home +
      " FROM courses WHERE teacher_id = " + by + " AND title LIKE '收藏满 %'");
  run("INSERT INTO favourites (user_id, course_id) SELECT " + who + ", id FROM courses WHERE teacher_id = " + by +
      " AND title LIKE '收藏满 %'");
  auto total = [&] {
    auto r = request(port(), "GET", "/api/v1/me/favourites", "", person.cookie);
    return nlohmann::json::parse(r.body)["total"].get<int>();
  };
  EXPECT_EQ(total(), 499);
  const auto third = published_course(teacher, unique_name("第五百门"), "law");
  EXPECT_EQ(keep(third, person), 200);  // the 500th
  auto refused = request(port(), "PUT", favourite_url(spare), "", person.with_csrf());
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body.find("500"), std::string::npos) << refused.body;  // says why, and the number
  // A kept course no longer offered leaves room: the limit counts what the list shows.
  ASSERT_EQ(audience({t.street_b}), 200);
  EXPECT_EQ(total(), 499);
  EXPECT_EQ(keep(spare, person), 200);
  EXPECT_EQ(total(), 500);
  EXPECT_EQ(kept(person).size(), 20u);  // a page at a time
  EXPECT_EQ(kept(person, 25).size(), 20u);
  EXPECT_TRUE(kept(person, 26).empty());
}
