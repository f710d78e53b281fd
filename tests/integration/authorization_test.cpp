// The authorisation matrix: every kind of person × every guarded action, through the
// HTTP API with real sessions (cookies, CSRF tokens, Redis, MariaDB), never by calling
// the checks directly. Each row says who may; everyone else must be refused.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "org_fixture.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}
std::string course_url(std::uint64_t id) {
  return "/api/v1/courses/" + std::to_string(id);
}

struct action {
  std::string name;
  std::set<std::string> allowed;
  // Performs the action as `who` (anonymous: empty cookie); returns the HTTP status.
  std::function<int(const signed_in& who)> run;
  // A refusal may also be this status (409 for a rule that holds for everyone).
  int also_refused = 0;
};

int send(const std::string& method, const std::string& target, const std::string& body, const signed_in& who) {
  const std::string headers = body.empty() ? "" : json_type;
  return request(port(), method, target, body, headers + (who.cookie.empty() ? "" : who.with_csrf())).status;
}
}  // namespace

TEST(Authorization, EveryRoleAgainstEveryAction) {
  test_tree t;
  std::map<std::string, signed_in> people;
  people["anonymous"] = signed_in{};
  people["resident_a"] = sign_up_as("", std::nullopt, t.community);
  people["resident_b"] = sign_up_as("", std::nullopt, t.community_b);
  people["teacher"] = sign_up_as("teacher", t.street, t.community);
  people["other_teacher"] = sign_up_as("teacher", t.street_b, t.community_b);
  people["reviewer_a"] = sign_up_as("reviewer", t.district_a, t.community);
  people["reviewer_b"] = sign_up_as("reviewer", t.district_b, t.community_b);
  people["staff_a"] = sign_up_as("staff", t.community, t.community);
  people["site_admin"] = sign_up_as("site_admin", std::nullopt, t.community);
  // A resident's learning card, whose holder is later made staff and reviewer: the card
  // must still open a learner's session only.
  const auto secret = issue_card(people["staff_a"], unique_name("卡"), t.community);
  auto card = sign_in_with_card(secret);
  ASSERT_FALSE(card.cookie.empty());
  auto& users = test_server::get().application->users;
  users.grant_role(lifelong::services::console_operator(), card.id, "staff", t.community);
  users.grant_role(lifelong::services::console_operator(), card.id, "reviewer", t.district_a);
  people["card_holder"] = card;

  // Objects: a draft by the teacher, and a published course of street B only.
  const auto draft = complete_course(people["teacher"], "草稿课程");
  const auto street_b_course = complete_course(people["other_teacher"], "乙街道的课");
  ASSERT_EQ(send("PUT", course_url(street_b_course) + "/audience", nlohmann::json{{"unit_ids", {t.street_b}}}.dump(),
                 people["other_teacher"]),
            200);
  ASSERT_EQ(send("POST", course_url(street_b_course) + "/submit", "{}", people["other_teacher"]), 200);
  ASSERT_EQ(send("POST", course_url(street_b_course) + "/review", nlohmann::json{{"decision", "approve"}}.dump(),
                 people["reviewer_b"]),
            200);
  // Its lesson's playlist on disk, so media access can be asked for.
  const auto owner_view = nlohmann::json::parse(
      request(port(), "GET", course_url(street_b_course), "", people["other_teacher"].cookie).body);
  const auto lesson = owner_view["lessons"][0]["id"].get<std::uint64_t>();
  const auto media = test_server::get().application->media.media_dir() / "videos" / std::to_string(lesson) / "v1";
  std::filesystem::create_directories(media);
  std::ofstream(media / "master.m3u8") << "#EXTM3U\n";
  const auto playlist = "/media/lessons/" + std::to_string(lesson) + "/v1/master.m3u8";

  // A course of the teacher's, approved, with new details waiting to be submitted.
  auto changed_course = [&] {
    const auto course = complete_course(people["teacher"], "已发布的课");
    EXPECT_EQ(send("POST", course_url(course) + "/submit", "{}", people["teacher"]), 200);
    EXPECT_EQ(send("POST", course_url(course) + "/review", nlohmann::json{{"decision", "approve"}}.dump(),
                   people["reviewer_a"]),
              200);
    EXPECT_EQ(send("PUT", course_url(course),
                   nlohmann::json{{"title", "改过的课"}, {"summary", ""}, {"category", "law"}, {"credits", 100}}.dump(),
                   people["teacher"]),
              200);
    return course;
  };

  // A small picture for the cover row, made by ffmpeg.
  const auto cover_file = fresh_dir("authorization-cover") / "cover.png";
  ASSERT_EQ(shell("ffmpeg -v error -f lavfi -i color=c=teal:s=160x90 -frames:v 1 -y " + cover_file.string()), 0);
  std::string cover_png;
  {
    std::ifstream in(cover_file, std::ios::binary);
    cover_png.assign(std::istreambuf_iterator<char>(in), {});
  }

  // A class of street A tomorrow, made afresh for every try (a cancelled one stays so).
  auto class_fields = [] {
    const auto t = std::chrono::system_clock::now() + std::chrono::hours(8 + 24);
    const std::chrono::year_month_day d{std::chrono::floor<std::chrono::days>(t)};
    char when[32];
    std::snprintf(when, sizeof when, "%04d-%02u-%02uT10:00", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return nlohmann::json{
        {"category", "health"}, {"title", "健康讲座"}, {"place", "活动室"}, {"starts_at", when}, {"capacity", 20}};
  };
  auto new_class = [&] {
    auto body = class_fields();
    body["unit_id"] = t.street;
    auto made =
        request(port(), "POST", "/api/v1/activities", body.dump(), json_type + people["reviewer_a"].with_csrf());
    EXPECT_EQ(made.status, 201) << made.body;
    return nlohmann::json::parse(made.body)["id"].get<std::uint64_t>();
  };

  // A fresh lesson of the teacher's draft for every try (a deleted one is gone).
  auto draft_lesson = [&] {
    auto added = request(port(), "POST", course_url(draft) + "/lessons", nlohmann::json{{"title", "又一课"}}.dump(),
                         json_type + people["teacher"].with_csrf());
    EXPECT_EQ(added.status, 201) << added.body;
    return nlohmann::json::parse(added.body)["id"].get<std::uint64_t>();
  };

  const std::set<std::string> everyone_signed_in{"resident_a",    "resident_b", "teacher",
                                                 "other_teacher", "reviewer_a", "reviewer_b",
                                                 "staff_a",       "site_admin", "card_holder"};
  std::vector<action> matrix{
      {"view a draft",
       {"teacher", "reviewer_a", "site_admin"},
       [&](const signed_in& who) { return send("GET", course_url(draft), "", who); }},
      {"edit another teacher's course",
       {"teacher", "site_admin"},
       [&](const signed_in& who) {
         return send("POST", course_url(draft) + "/lessons", nlohmann::json{{"title", "加一课"}}.dump(), who);
       }},
      {"approve a course (in district A)",
       {"reviewer_a", "site_admin"},
       [&](const signed_in& who) {
         // A fresh submitted course for every try, so one approval does not hide the next.
         const auto course = complete_course(people["teacher"], "待审课程");
         EXPECT_EQ(send("POST", course_url(course) + "/submit", "{}", people["teacher"]), 200);
         return send("POST", course_url(course) + "/review", nlohmann::json{{"decision", "approve"}}.dump(), who);
       }},
      {"see the review queue",
       {"reviewer_a", "reviewer_b", "site_admin"},
       [&](const signed_in& who) { return send("GET", "/api/v1/review/queue", "", who); }},
      {"view a course offered to street B only",
       {"resident_b", "other_teacher", "reviewer_b", "site_admin"},
       [&](const signed_in& who) { return send("GET", course_url(street_b_course), "", who); }},
      {"play that course's media",
       {"resident_b", "other_teacher", "reviewer_b", "site_admin"},
       [&](const signed_in& who) { return send("GET", playlist, "", who); }},
      {"set a course's audience",
       {"teacher", "site_admin"},
       [&](const signed_in& who) {
         return send("PUT", course_url(draft) + "/audience",
                     nlohmann::json{{"unit_ids", nlohmann::json::array()}}.dump(), who);
       }},
      {"open the learning-card desk",
       {"staff_a", "reviewer_a", "reviewer_b", "site_admin"},
       [&](const signed_in& who) { return send("GET", "/staff/cards", "", who); }},
      {"open district A's administration",
       {"reviewer_a", "site_admin"},
       [&](const signed_in& who) { return send("GET", "/admin/units?unit=" + std::to_string(t.district_a), "", who); }},
      {"add a unit in district A",
       {"reviewer_a", "site_admin"},
       [&](const signed_in& who) {
         return send("POST", "/api/v1/units",
                     nlohmann::json{{"parent_id", t.district_a}, {"name", unique_name("街道")}}.dump(), who);
       }},
      {"make someone a teacher in street A",
       {"reviewer_a", "site_admin"},
       [&](const signed_in& who) {
         const auto candidate = sign_up();
         return send("POST", "/api/v1/units/" + std::to_string(t.street) + "/teachers",
                     nlohmann::json{{"username", candidate.username}}.dump(), who);
       }},
      {"import units",
       {"reviewer_a", "reviewer_b", "site_admin"},
       [&](const signed_in& who) {
         return request(port(), "POST", "/api/v1/units/import", "city,district,street,community,population\n",
                        "Content-Type: text/csv\r\n" + (who.cookie.empty() ? "" : who.with_csrf()))
             .status;
       }},
      {"create a course",
       {"teacher", "other_teacher", "site_admin"},
       [&](const signed_in& who) {
         return send("POST", "/api/v1/courses", nlohmann::json{{"title", "新课"}, {"category", "law"}}.dump(), who);
       }},
      {"save a course offered to street B only for later",
       {"resident_b", "other_teacher", "reviewer_b"},
       [&](const signed_in& who) { return send("PUT", course_url(street_b_course) + "/favourite", "", who); }},
      {"save a draft for later",
       {},
       [&](const signed_in& who) { return send("PUT", course_url(draft) + "/favourite", "", who); }},
      {"rate a course offered to street B only, once started",
       {"resident_b", "reviewer_b"},
       [&](const signed_in& who) {
         send("PUT", course_url(street_b_course) + "/enrolment", "", who);
         return send("PUT", course_url(street_b_course) + "/rating", nlohmann::json{{"stars", 4}}.dump(), who);
       }},
      {"hide a comment on a course in district A",
       {"reviewer_a", "site_admin"},
       [&](const signed_in& who) {
         const auto course = published_course(people["teacher"], unique_name("评价"), "law");
         const auto rater = sign_up_as("", std::nullopt, t.community);  // a fresh one: ratings are bounded per hour
         EXPECT_EQ(send("PUT", course_url(course) + "/enrolment", "", rater), 200);
         EXPECT_EQ(
             send("PUT", course_url(course) + "/rating", nlohmann::json{{"stars", 1}, {"comment", "差"}}.dump(), rater),
             200);
         return send("POST", course_url(course) + "/ratings/" + std::to_string(rater.id) + "/hide",
                     nlohmann::json{{"reason", "不文明"}}.dump(), who);
       }},
      {"release a held comment on a course in district A",
       {"reviewer_a", "site_admin"},
       [&](const signed_in& who) {
         const auto course = published_course(people["teacher"], unique_name("待放行"), "law");
         const auto rater = sign_up_as("", std::nullopt, t.community);
         EXPECT_EQ(send("PUT", course_url(course) + "/enrolment", "", rater), 200);
         EXPECT_EQ(send("PUT", course_url(course) + "/rating",
                        nlohmann::json{{"stars", 2}, {"comment", "加微信"}}.dump(), rater),
                   200);
         return send("POST", course_url(course) + "/ratings/" + std::to_string(rater.id) + "/show", "{}", who);
       }},
      {"reply to a comment on the teacher's course",
       {"teacher"},
       [&](const signed_in& who) {
         const auto course = published_course(people["teacher"], unique_name("回复"), "law");
         const auto rater = sign_up_as("", std::nullopt, t.community);
         EXPECT_EQ(send("PUT", course_url(course) + "/enrolment", "", rater), 200);
         EXPECT_EQ(
             send("PUT", course_url(course) + "/rating", nlohmann::json{{"stars", 5}, {"comment", "好"}}.dump(), rater),
             200);
         return send("PUT", course_url(course) + "/ratings/" + std::to_string(rater.id) + "/reply",
                     nlohmann::json{{"text", "谢谢"}}.dump(), who);
       }},
      {"list one's saved courses", everyone_signed_in,
       [&](const signed_in& who) { return send("GET", "/api/v1/me/favourites", "", who); }},
      {"read one's messages", everyone_signed_in,
       [&](const signed_in& who) { return send("GET", "/api/v1/me/messages", "", who); }},
      {"count one's unread messages", everyone_signed_in,
       [&](const signed_in& who) { return send("GET", "/api/v1/me/messages/unread", "", who); }},
      {"mark one's messages read", everyone_signed_in,
       [&](const signed_in& who) { return send("POST", "/api/v1/me/messages/read", "", who); }},
      {"change one's message settings", everyone_signed_in,
       [&](const signed_in& who) {
         return send("PUT", "/api/v1/me/message-settings", nlohmann::json{{"continue_nudges", true}}.dump(), who);
       }},
      {"read one's own account", everyone_signed_in,
       [&](const signed_in& who) { return send("GET", "/api/v1/me", "", who); }},
      // Rows of the hardening issue (15): each was once allowed to someone it should not be.
      {"move street B's teacher into street A (item 3)",
       {},
       [&](const signed_in& who) {
         const auto teacher_b = sign_up_as("teacher", t.street_b);
         return send("POST", "/api/v1/units/" + std::to_string(t.street) + "/teachers",
                     nlohmann::json{{"username", teacher_b.username}}.dump(), who);
       },
       409},
      {"reissue a card for a password account (item 4)",
       {},
       [&](const signed_in& who) {
         const auto resident = sign_up_as("", std::nullopt, t.community);
         return request(port(), "POST", "/staff/cards/" + std::to_string(resident.id) + "/reissue", "_csrf=" + who.csrf,
                        "Content-Type: application/x-www-form-urlencoded\r\n" + who.cookie)
             .status;
       }},
      {"submit a published course's changes (item 7)",
       {"teacher", "site_admin"},
       [&](const signed_in& who) { return send("POST", course_url(changed_course()) + "/submit", "{}", who); }},
      {"approve a published course's changes (item 7)",
       {"reviewer_a", "site_admin"},
       [&](const signed_in& who) {
         const auto course = changed_course();
         EXPECT_EQ(send("POST", course_url(course) + "/submit", "{}", people["teacher"]), 200);
         return send("POST", course_url(course) + "/review", nlohmann::json{{"decision", "approve"}}.dump(), who);
       }},
      // Issue 20: the editor's lessons and taking a submission back.
      {"rename a lesson of another teacher's course",
       {"teacher", "site_admin"},
       [&](const signed_in& who) {
         return send("PATCH", "/api/v1/lessons/" + std::to_string(draft_lesson()),
                     nlohmann::json{{"title", "新名字"}}.dump(), who);
       }},
      {"move a lesson",
       {"teacher", "site_admin"},
       [&](const signed_in& who) {
         return send("POST", "/api/v1/lessons/" + std::to_string(draft_lesson()) + "/move",
                     nlohmann::json{{"direction", "up"}}.dump(), who);
       }},
      {"delete a lesson",
       {"teacher", "site_admin"},
       [&](const signed_in& who) {
         return send("DELETE", "/api/v1/lessons/" + std::to_string(draft_lesson()), "", who);
       }},
      {"set a course's cover",
       {"teacher", "site_admin"},
       [&](const signed_in& who) {
         return request(port(), "PUT", course_url(draft) + "/cover", cover_png,
                        "Content-Type: image/png\r\n" + (who.cookie.empty() ? "" : who.with_csrf()))
             .status;
       }},
      {"take a submission back",
       {"teacher", "site_admin"},
       [&](const signed_in& who) {
         const auto course = complete_course(people["teacher"], "待审课程");
         EXPECT_EQ(send("POST", course_url(course) + "/submit", "{}", people["teacher"]), 200);
         return send("POST", course_url(course) + "/recall", "{}", who);
       }},
      {"edit an upcoming class in street A",
       {"reviewer_a", "site_admin"},
       [&](const signed_in& who) {
         return send("PUT", "/api/v1/activities/" + std::to_string(new_class()), class_fields().dump(), who);
       }},
      {"cancel an upcoming class in street A",
       {"reviewer_a", "site_admin"},
       [&](const signed_in& who) {
         return send("POST", "/api/v1/activities/" + std::to_string(new_class()) + "/cancel", "{}", who);
       }},
      {"discard a published course's changes (item 7)",
       {"teacher", "site_admin"},
       [&](const signed_in& who) { return send("DELETE", course_url(changed_course()) + "/changes", "", who); }},
  };

  for (const auto& a : matrix)
    for (const auto& [name, who] : people) {
      const int status = a.run(who);
      if (a.allowed.count(name))
        EXPECT_TRUE(status >= 200 && status < 300) << name << " may " << a.name << ", got " << status;
      else
        // 303: a page sends an anonymous visitor to sign in.
        EXPECT_TRUE(status == 401 || status == 403 || status == 404 || (name == "anonymous" && status == 303) ||
                    (a.also_refused && status == a.also_refused))
            << name << " must not " << a.name << ", got " << status;
    }
}

TEST(Authorization, TheCatalogListsACourseOnlyForItsAudience) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.street_b, t.community_b);
  auto reviewer = sign_up_as("reviewer", t.district_b, t.community_b);
  const auto course = complete_course(teacher, unique_name("乙街道专享"));
  ASSERT_EQ(send("PUT", course_url(course) + "/audience", nlohmann::json{{"unit_ids", {t.street_b}}}.dump(), teacher),
            200);
  ASSERT_EQ(send("POST", course_url(course) + "/submit", "{}", teacher), 200);
  ASSERT_EQ(send("POST", course_url(course) + "/review", nlohmann::json{{"decision", "approve"}}.dump(), reviewer),
            200);
  auto listed = [&](const signed_in& who) {
    for (int page = 1; page <= 50; ++page) {
      auto r = request(port(), "GET", "/api/v1/courses?page=" + std::to_string(page), "", who.cookie);
      const auto j = nlohmann::json::parse(r.body);
      for (const auto& c : j["courses"])
        if (c["id"] == course) return true;
      if (j["courses"].empty()) break;
    }
    return false;
  };
  EXPECT_TRUE(listed(sign_up_as("", std::nullopt, t.community_b)));
  EXPECT_FALSE(listed(sign_up_as("", std::nullopt, t.community)));
  EXPECT_FALSE(listed(signed_in{}));
  // Back to the whole city: everyone sees it.
  ASSERT_EQ(send("PUT", course_url(course) + "/audience", nlohmann::json{{"unit_ids", nlohmann::json::array()}}.dump(),
                 teacher),
            200);
  EXPECT_TRUE(listed(signed_in{}));
  // Bad audiences are refused with the field named.
  EXPECT_EQ(send("PUT", course_url(course) + "/audience", nlohmann::json{{"unit_ids", {999999999}}}.dump(), teacher),
            400);
  EXPECT_EQ(send("PUT", course_url(course) + "/audience", nlohmann::json{{"unit_ids", "all"}}.dump(), teacher), 400);
  EXPECT_EQ(send("PUT", course_url(course) + "/audience", nlohmann::json{{"unit_ids", {-1}}}.dump(), teacher), 400);
  std::vector<std::uint64_t> too_many(101, t.street);
  EXPECT_EQ(send("PUT", course_url(course) + "/audience", nlohmann::json{{"unit_ids", too_many}}.dump(), teacher), 400);
}
