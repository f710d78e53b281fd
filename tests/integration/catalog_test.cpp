// The catalog over HTTP on the real database: filters by category, learner group and
// providing unit, sorting by newest, most watched and nearness to home, bad query
// values, the cached anonymous page staying fresh, course editing and categories.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "http/form.hpp"
#include "org_fixture.hpp"
#include "storage/sql.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}

std::uint64_t first_lesson(std::uint64_t course_id) {
  auto r = request(port(), "GET", "/api/v1/courses/" + std::to_string(course_id));
  return nlohmann::json::parse(r.body)["lessons"][0]["id"].get<std::uint64_t>();
}

// Which of `mine` the catalog lists for this query, in its order (all pages).
std::vector<int> listed(const std::string& query, const std::vector<std::uint64_t>& mine, const std::string& cookie = "") {
  std::vector<int> out;
  for (int page = 1; page < 100; ++page) {
    auto r = request(port(), "GET", "/api/v1/courses?" + query + "&page=" + std::to_string(page), "", cookie);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    if (r.status != 200) break;
    const auto j = nlohmann::json::parse(r.body);
    for (const auto& c : j["courses"])
      for (std::size_t i = 0; i < mine.size(); ++i)
        if (c["id"] == mine[i]) out.push_back(static_cast<int>(i));
    if (page * j["per_page"].get<int>() >= j["total"].get<int>()) break;
  }
  return out;
}
}  // namespace

TEST(Catalog, FiltersByCategoryLearnerGroupAndProvidingUnit) {
  test_tree t;
  auto teacher_a = sign_up_as("teacher", t.community, t.community);
  auto teacher_b = sign_up_as("teacher", t.street_b, t.community_b);
  const std::string tag = unique_name("筛");
  const std::vector<std::uint64_t> c{
      published_course(teacher_a, tag + "养生", "health", {"older_adults"}),      // 0
      published_course(teacher_a, tag + "编程", "digital", {"youth", "workers"}),  // 1
      published_course(teacher_b, tag + "亲子", "health", {"families"}),          // 2
  };
  auto q = "q=" + lifelong::http::url_encode(tag);
  EXPECT_EQ(listed(q + "&category=health", c), (std::vector<int>{2, 0}));  // best match ties: newest first
  EXPECT_EQ(listed(q + "&group=older_adults", c), (std::vector<int>{0}));
  EXPECT_EQ(listed(q + "&group=workers", c), (std::vector<int>{1}));
  EXPECT_EQ(listed(q + "&unit=" + std::to_string(t.district_b), c), (std::vector<int>{2}));
  EXPECT_EQ(listed(q + "&unit=" + std::to_string(t.street), c), (std::vector<int>{1, 0}));
  EXPECT_EQ(listed(q + "&unit=" + std::to_string(t.city) + "&category=digital", c), (std::vector<int>{1}));
  EXPECT_EQ(listed("unit=" + std::to_string(t.district_a) + "&sort=newest", c), (std::vector<int>{1, 0}));
  // A page past the end is empty but still says how many there are.
  auto past = nlohmann::json::parse(request(port(), "GET", "/api/v1/courses?" + q + "&page=50").body);
  EXPECT_TRUE(past["courses"].empty());
  EXPECT_EQ(past["total"], 3);
  auto first = nlohmann::json::parse(request(port(), "GET", "/api/v1/courses?" + q).body);
  EXPECT_EQ(first["total"], 3);
  EXPECT_EQ(first["courses"].size(), 3u);

  // The course carries its groups, named in the asked language.
  auto one = nlohmann::json::parse(request(port(), "GET", "/api/v1/courses/" + std::to_string(c[1])).body);
  ASSERT_EQ(one["learner_groups"].size(), 2u);
  EXPECT_EQ(one["learner_groups"][0]["code"], "youth");
  EXPECT_EQ(one["learner_groups"][0]["name"], "青少年");

  // The page: the filter keeps its choice and the pager keeps the filter.
  auto page = request(port(), "GET", "/?category=health&group=families&" + q);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("<option value=\"health\" selected>"), std::string::npos);
  EXPECT_NE(page.body.find("<option value=\"families\" selected>"), std::string::npos);
  EXPECT_NE(page.body.find(tag + "亲子"), std::string::npos);
  EXPECT_EQ(page.body.find(tag + "养生"), std::string::npos);
  auto none = request(port(), "GET", "/?category=arts&group=veterans&unit=" + std::to_string(t.district_b));
  ASSERT_EQ(none.status, 200);
  EXPECT_NE(none.body.find("没有符合条件的课程"), std::string::npos);
}

TEST(Catalog, MostWatchedCountsPeopleNotReports) {
  auto teacher = sign_up(true);
  const std::string tag = unique_name("热");
  const std::vector<std::uint64_t> c{published_course(teacher, tag + "甲", "arts"), published_course(teacher, tag + "乙", "arts"),
                                     published_course(teacher, tag + "丙", "arts")};
  auto watch = [&](const signed_in& who, std::uint64_t course_id) {
    auto r = request(port(), "POST", "/api/v1/lessons/" + std::to_string(first_lesson(course_id)) + "/progress",
                     nlohmann::json{{"ranges", {{0, 10}}}}.dump(), json_type + who.with_csrf());
    EXPECT_EQ(r.status, 200) << r.body;
  };
  auto q = "q=" + lifelong::http::url_encode(tag) + "&sort=popular";
  // The anonymous page is cached; a new learner must still move the order at once.
  auto before = request(port(), "GET", "/?" + q);
  EXPECT_LT(before.body.find(tag + "丙"), before.body.find(tag + "甲"));  // no learners yet: newest first

  auto one = sign_up(), two = sign_up();
  watch(one, c[0]);
  watch(one, c[0]);  // the same person again: still one learner
  watch(two, c[0]);
  watch(one, c[1]);
  EXPECT_EQ(listed(q, c), (std::vector<int>{0, 1, 2}));
  auto after = request(port(), "GET", "/?" + q);
  EXPECT_LT(after.body.find(tag + "甲"), after.body.find(tag + "乙"));
  EXPECT_LT(after.body.find(tag + "乙"), after.body.find(tag + "丙"));
  auto j = nlohmann::json::parse(request(port(), "GET", "/api/v1/courses/" + std::to_string(c[0])).body);
  EXPECT_EQ(j["learners"], 2);
}

TEST(Catalog, NearMeListsMyCommunityThenStreetThenDistrict) {
  test_tree t;
  const auto other_street = add_unit("street", "另一街道", t.district_a);
  const auto neighbour = add_unit("community", "邻社区", t.street);
  const std::string tag = unique_name("近");
  auto by = [&](std::uint64_t unit, const std::string& name) {
    return published_course(sign_up_as("teacher", unit, t.community), tag + name, "leisure");
  };
  // Made farthest-last so "newest first" alone would give the opposite order.
  const std::vector<std::uint64_t> c{
      by(t.community, "本社区"),     // 0
      by(neighbour, "邻社区"),       // 1: same street
      by(t.street, "本街道"),        // 2: same street
      by(other_street, "区内"),      // 3: same district
      by(t.community_b, "别的区"),   // 4
  };
  auto resident = sign_up_as("", std::nullopt, t.community);
  auto near = listed("q=" + lifelong::http::url_encode(tag) + "&sort=near", c, resident.cookie);
  ASSERT_EQ(near.size(), 5u);
  EXPECT_EQ(near[0], 0);
  EXPECT_EQ((std::set<int>{near[1], near[2]}), (std::set<int>{1, 2}));
  EXPECT_EQ(near[3], 3);
  EXPECT_EQ(near[4], 4);
  // Someone from district B sees their own district's course first.
  auto other = sign_up_as("", std::nullopt, t.community_b);
  EXPECT_EQ(listed("q=" + lifelong::http::url_encode(tag) + "&sort=near", c, other.cookie).front(), 4);
  // The page offers "near me" only to someone with a home.
  auto page = request(port(), "GET", "/", "", resident.cookie);
  EXPECT_NE(page.body.find("value=\"near\""), std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/").body.find("value=\"near\""), std::string::npos);
}

TEST(Catalog, BadQueryValuesGetAClearError) {
  struct bad {
    std::string query, field;
  };
  const std::vector<bad> cases{
      {"category=nope", "category"},      {"category=%27%20OR%201%3D1", "category"},
      {"group=aliens", "group"},          {"unit=abc", "unit"},
      {"unit=0", "unit"},                 {"unit=-3", "unit"},
      {"unit=99999999999999999999999", "unit"}, {"unit=1x", "unit"},
      {"sort=cheapest", "sort"},          {"sort=relevance", "sort"},  // nothing to be relevant to
      {"sort=near", "sort"},              // anonymous: no home
  };
  for (const auto& c : cases) {
    auto r = request(port(), "GET", "/api/v1/courses?" + c.query);
    EXPECT_EQ(r.status, 400) << c.query;
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["field"], c.field) << c.query << " " << r.body;
    auto page = request(port(), "GET", "/?" + c.query);
    EXPECT_EQ(page.status, 400) << c.query;
  }
  EXPECT_NE(request(port(), "GET", "/?group=aliens").body.find("请从列表中选择适合人群"), std::string::npos);
  EXPECT_NE(request(port(), "GET", "/?sort=near").body.find("设置所在社区"), std::string::npos);
  // An unknown unit is a valid question with no answer; a bad page number is page 1.
  auto unknown = nlohmann::json::parse(request(port(), "GET", "/api/v1/courses?unit=999999999").body);
  EXPECT_EQ(unknown["total"], 0);
  EXPECT_EQ(nlohmann::json::parse(request(port(), "GET", "/api/v1/courses?page=abc").body)["page"], 1);
  EXPECT_EQ(nlohmann::json::parse(request(port(), "GET", "/api/v1/courses?page=-4").body)["page"], 1);
}

TEST(Catalog, TheCachedPageShowsAPublishedOrWithdrawnCourseAtOnce) {
  auto teacher = sign_up(true);
  auto resident = sign_up();
  const std::string title = unique_name("新课");
  const auto first = request(port(), "GET", "/");  // fills the cache for anonymous visitors
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body.find(title), std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/", "", resident.cookie).body.find(title), std::string::npos);  // and theirs
  const auto id = complete_course(teacher, title);
  ASSERT_EQ(request(port(), "POST", "/api/v1/courses/" + std::to_string(id) + "/submit", "{}",
                    json_type + teacher.with_csrf())
                .status,
            200);
  auto reviewer = sign_up_as("site_admin");
  ASSERT_EQ(request(port(), "POST", "/api/v1/courses/" + std::to_string(id) + "/review",
                    R"({"decision":"approve"})", json_type + reviewer.with_csrf())
                .status,
            200);
  EXPECT_NE(request(port(), "GET", "/").body.find(title), std::string::npos);  // newest first
  EXPECT_NE(request(port(), "GET", "/", "", resident.cookie).body.find(title), std::string::npos);
  ASSERT_EQ(request(port(), "POST", "/api/v1/courses/" + std::to_string(id) + "/withdraw",
                    R"({"comment":"需要修改"})", json_type + teacher.with_csrf())
                .status,
            200);
  EXPECT_EQ(request(port(), "GET", "/").body.find(title), std::string::npos);
  EXPECT_EQ(request(port(), "GET", "/", "", resident.cookie).body.find(title), std::string::npos);
}

TEST(Catalog, EachSignedInResidentGetsTheListForTheirOwnHomeAndTheirOwnFrame) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.street, t.community);
  const std::string tag = unique_name("街道课");
  const auto id = published_course(teacher, tag, "leisure");
  ASSERT_EQ(request(port(), "PUT", "/api/v1/courses/" + std::to_string(id) + "/audience",
                    nlohmann::json{{"unit_ids", {t.street_b}}}.dump(), json_type + teacher.with_csrf())
                .status,
            200);
  auto in_a = sign_up_as("", std::nullopt, t.community), in_b = sign_up_as("", std::nullopt, t.community_b);
  auto in_a2 = sign_up_as("", std::nullopt, t.community);
  const auto path = "/?q=" + lifelong::http::url_encode(tag);
  // The same address, asked in turns: the cached list of one home never reaches another.
  for (int round = 0; round < 2; ++round) {
    EXPECT_EQ(request(port(), "GET", path, "", in_a.cookie).body.find("/courses/" + std::to_string(id) + "\""),
              std::string::npos);
    EXPECT_NE(request(port(), "GET", path, "", in_b.cookie).body.find("/courses/" + std::to_string(id) + "\""),
              std::string::npos);
  }
  // Two neighbours share the list, but each page carries its own person's token.
  auto one = request(port(), "GET", path, "", in_a.cookie), two = request(port(), "GET", path, "", in_a2.cookie);
  EXPECT_NE(one.body.find(in_a.csrf), std::string::npos);
  EXPECT_NE(two.body.find(in_a2.csrf), std::string::npos);
  EXPECT_EQ(two.body.find(in_a.csrf), std::string::npos);
}

TEST(Catalog, TeachersEditTheirCourseAndSearchFollows) {
  auto teacher = sign_up(true);
  const std::string old_word = unique_name("旧名"), new_word = unique_name("新名");
  const auto id = published_course(teacher, old_word, "law");
  const auto path = "/api/v1/courses/" + std::to_string(id);
  auto edit = [&](const signed_in& who, const nlohmann::json& body) {
    return request(port(), "PUT", path, body.dump(), json_type + who.with_csrf());
  };
  const nlohmann::json good{{"title", new_word},
                            {"summary", "新的简介"},
                            {"category", "ethics"},
                            {"credits", 2.5},
                            {"learner_groups", {"veterans"}}};
  EXPECT_EQ(edit(teacher, good).status, 200);
  // A published course: learners and search keep the approved version until review.
  auto j = nlohmann::json::parse(request(port(), "GET", path).body);
  EXPECT_EQ(j["title"], old_word);
  EXPECT_EQ(listed("q=" + lifelong::http::url_encode(new_word), {id}), (std::vector<int>{}));
  approve_changes_directly(id);
  j = nlohmann::json::parse(request(port(), "GET", path).body);
  EXPECT_EQ(j["title"], new_word);
  EXPECT_EQ(j["category"]["code"], "ethics");
  EXPECT_EQ(j["credits"], "2.5");
  EXPECT_EQ(j["learner_groups"][0]["code"], "veterans");
  EXPECT_EQ(listed("q=" + lifelong::http::url_encode(new_word), {id}), (std::vector<int>{0}));
  EXPECT_EQ(listed("q=" + lifelong::http::url_encode(old_word), {id}), (std::vector<int>{}));

  // Bad values are refused naming the field, and change nothing.
  struct bad {
    nlohmann::json body;
    std::string field;
  };
  const std::vector<bad> cases{
      {{{"title", ""}, {"category", "law"}}, "title"},
      {{{"title", "x"}, {"category", "nope"}}, "category"},
      {{{"title", "x"}, {"category", "law"}, {"credits", "many"}}, "credits"},
      {{{"title", "x"}, {"category", "law"}, {"credits", 101}}, "credits"},
      {{{"title", "x"}, {"category", "law"}, {"learner_groups", "older_adults"}}, "learner_groups"},
      {{{"title", "x"}, {"category", "law"}, {"learner_groups", {"aliens"}}}, "learner_groups"},
      {{{"title", "x"}, {"category", "law"}, {"learner_groups", {1}}}, "learner_groups"},
  };
  for (const auto& c : cases) {
    auto r = edit(teacher, c.body);
    EXPECT_EQ(r.status, 400) << c.body.dump();
    EXPECT_EQ(nlohmann::json::parse(r.body)["error"]["field"], c.field) << r.body;
  }
  EXPECT_EQ(nlohmann::json::parse(request(port(), "GET", path).body)["title"], new_word);
  EXPECT_EQ(edit(sign_up(true), good).status, 403);  // another teacher
  EXPECT_EQ(request(port(), "PUT", path, good.dump(), json_type + teacher.cookie).status, 403);  // no CSRF

  // The teacher's page form: learner groups are checkboxes.
  auto form = request(port(), "POST", "/teach/courses/" + std::to_string(id) + "/details",
                      "_csrf=" + teacher.csrf + "&title=" + lifelong::http::url_encode(new_word) +
                          "&category=family&credits=1&group_families=1&group_older_adults=1",
                      "Content-Type: application/x-www-form-urlencoded\r\n" + teacher.cookie);
  EXPECT_EQ(form.status, 303);
  // A mistake in the form comes back to the page, named.
  auto typo = request(port(), "POST", "/teach/courses/" + std::to_string(id) + "/details",
                      "_csrf=" + teacher.csrf + "&title=x&category=law&credits=abc",
                      "Content-Type: application/x-www-form-urlencoded\r\n" + teacher.cookie);
  EXPECT_EQ(typo.status, 303);
  EXPECT_NE(typo.header("location").find("error=credits_invalid"), std::string::npos) << typo.header("location");
  approve_changes_directly(id);
  j = nlohmann::json::parse(request(port(), "GET", path).body);
  ASSERT_EQ(j["learner_groups"].size(), 2u);
  EXPECT_EQ(j["learner_groups"][0]["code"], "older_adults");  // in the list's order
  auto teach_page = request(port(), "GET", "/teach/courses/" + std::to_string(id), "", teacher.cookie);
  EXPECT_NE(teach_page.body.find("name=\"group_families\" value=\"1\" checked"), std::string::npos);
}

TEST(Catalog, SiteAdministratorsEditCategories) {
  auto admin = sign_up_as("site_admin");
  const std::string code = "test_" + std::to_string(std::hash<std::string>{}(unique_name()) % 1000000);
  auto put = [&](const signed_in& who, const std::string& c, const nlohmann::json& body) {
    return request(port(), "PUT", "/api/v1/categories/" + c, body.dump(), json_type + who.with_csrf());
  };
  const nlohmann::json body{{"name_zh", "社区治理"}, {"name_en", "Community affairs"}, {"sort_order", 150}};
  ASSERT_EQ(put(admin, code, body).status, 200);
  auto has = [&](const std::string& name) {
    return request(port(), "GET", "/api/v1/categories").body.find(name) != std::string::npos;
  };
  EXPECT_TRUE(has("社区治理"));
  ASSERT_EQ(put(admin, code, {{"name_zh", "社区事务"}, {"name_en", "Community affairs"}}).status, 200);
  EXPECT_TRUE(has("社区事务"));
  EXPECT_FALSE(has("社区治理"));

  // A teacher can now file a course under it; then it cannot be removed.
  auto teacher = sign_up(true);
  const auto id = published_course(teacher, unique_name("治理课"), code);
  EXPECT_EQ(listed("category=" + code, {id}), (std::vector<int>{0}));
  auto in_use = request(port(), "DELETE", "/api/v1/categories/" + code, "", admin.with_csrf());
  EXPECT_EQ(in_use.status, 409);
  EXPECT_NE(in_use.body.find("还有课程属于这个分类"), std::string::npos);

  const std::string spare = code + "_x";
  ASSERT_EQ(put(admin, spare, body).status, 200);
  EXPECT_EQ(request(port(), "DELETE", "/api/v1/categories/" + spare, "", admin.with_csrf()).status, 200);
  EXPECT_EQ(request(port(), "DELETE", "/api/v1/categories/" + spare, "", admin.with_csrf()).status, 404);

  EXPECT_EQ(put(admin, "Bad-Code", body).status, 400);
  EXPECT_EQ(put(admin, std::string(33, 'a'), body).status, 400);
  EXPECT_EQ(put(admin, code, {{"name_zh", ""}, {"name_en", "x"}}).status, 400);
  EXPECT_EQ(put(admin, code, {{"name_zh", "名"}, {"name_en", "x"}, {"sort_order", "first"}}).status, 400);
  EXPECT_EQ(put(admin, code, {{"name_zh", "名"}, {"name_en", "x"}, {"for_older_adults", "yes"}}).status, 400);
  EXPECT_EQ(put(teacher, code, body).status, 403);
  EXPECT_EQ(request(port(), "DELETE", "/api/v1/categories/" + code, "", teacher.with_csrf()).status, 403);

  // The same through the page's forms.
  const std::string form_type = "Content-Type: application/x-www-form-urlencoded\r\n";
  auto page = request(port(), "GET", "/admin/categories", "", admin.cookie);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("社区事务"), std::string::npos);
  EXPECT_NE(page.body.find("href=\"/admin/categories\""), std::string::npos);  // in the menu
  EXPECT_EQ(request(port(), "GET", "/admin/categories", "", teacher.cookie).status, 403);
  const std::string page_code = code + "_p";
  auto added = request(port(), "POST", "/admin/categories",
                       "_csrf=" + admin.csrf + "&code=" + page_code + "&name_zh=" +
                           lifelong::http::url_encode("非遗传承") + "&name_en=Heritage&sort_order=7&for_older_adults=1",
                       form_type + admin.cookie);
  EXPECT_EQ(added.status, 303);
  page = request(port(), "GET", "/admin/categories", "", admin.cookie);
  EXPECT_NE(page.body.find("非遗传承"), std::string::npos);
  auto bad = request(port(), "POST", "/admin/categories",
                     "_csrf=" + admin.csrf + "&code=Bad%20Code&name_zh=" + lifelong::http::url_encode("留着") +
                         "&name_en=Kept",
                     form_type + admin.cookie);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("分类代码只能用小写字母"), std::string::npos);
  EXPECT_NE(bad.body.find("value=\"留着\""), std::string::npos);  // what was typed stays
  EXPECT_NE(bad.body.find("aria-invalid=\"true\""), std::string::npos);
  auto bad_order = request(port(), "POST", "/admin/categories",
                           "_csrf=" + admin.csrf + "&code=" + page_code + "&name_zh=x&name_en=x&sort_order=-1",
                           form_type + admin.cookie);
  EXPECT_EQ(bad_order.status, 400);
  auto busy = request(port(), "POST", "/admin/categories/" + code + "/delete", "_csrf=" + admin.csrf,
                      form_type + admin.cookie);
  EXPECT_EQ(busy.status, 409);
  EXPECT_NE(busy.body.find("还有课程属于这个分类"), std::string::npos);
  EXPECT_EQ(request(port(), "POST", "/admin/categories/" + page_code + "/delete", "_csrf=" + admin.csrf,
                    form_type + admin.cookie)
                .status,
            303);
  EXPECT_EQ(request(port(), "POST", "/admin/categories/" + page_code + "/delete", "", form_type + admin.cookie).status,
            403);  // no token
}
