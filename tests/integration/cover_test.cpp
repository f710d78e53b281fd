// A course's own cover (issue 20): an uploaded picture redrawn by the real ffmpeg into
// three 16:9 JPEGs; anything else refused; of a published course the new cover waits
// for review while learners keep the one they saw.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "org_fixture.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}
std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
// A picture made by ffmpeg: `size` like 800x600, as PNG or JPEG by the extension.
std::string picture(const std::string& size, const std::string& ext) {
  const auto file = fresh_dir("cover") / ("picture." + ext);
  EXPECT_EQ(shell("ffmpeg -v error -f lavfi -i testsrc2=size=" + size + " -frames:v 1 -y " + file.string()), 0);
  return read_file(file);
}
http_result put_cover(std::uint64_t course, const std::string& body, const signed_in& who) {
  return request(port(), "PUT", "/api/v1/courses/" + std::to_string(course) + "/cover", body,
                 "Content-Type: image/png\r\n" + (who.cookie.empty() ? "" : who.with_csrf()));
}
nlohmann::json course_as(std::uint64_t id, const signed_in& who) {
  return nlohmann::json::parse(request(port(), "GET", "/api/v1/courses/" + std::to_string(id), "", who.cookie).body);
}
// Width x height of a JPEG the site serves, by ffprobe.
std::string dimensions(const std::string& url, const signed_in& who) {
  auto r = request(port(), "GET", url, "", who.cookie);
  EXPECT_EQ(r.status, 200) << url;
  EXPECT_EQ(r.header("content-type"), "image/jpeg");
  const auto file = fresh_dir("served") / "cover.jpg";
  std::ofstream(file, std::ios::binary) << r.body;
  auto out = shell_output("ffprobe -v error -select_streams v:0 -show_entries stream=width,height -of csv=p=0:s=x " +
                          file.string());
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}
http_result act(std::uint64_t course, const std::string& what, const signed_in& who, const nlohmann::json& body = {}) {
  return request(port(), "POST", "/api/v1/courses/" + std::to_string(course) + "/" + what,
                 body.is_null() ? "{}" : body.dump(), json_type + who.with_csrf());
}
}  // namespace

TEST(Covers, APictureBecomesThreeSixteenByNineJpegsAndAnythingElseIsRefused) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto other = sign_up_as("teacher", t.community);
  const auto course = complete_course(teacher, "书法入门");
  EXPECT_NE(course_as(course, teacher)["cover"].get<std::string>().find("/poster.jpg"), std::string::npos);

  auto put = put_cover(course, picture("800x600", "png"), teacher);
  ASSERT_EQ(put.status, 200) << put.body;
  const auto cover = nlohmann::json::parse(put.body)["cover"].get<std::string>();
  EXPECT_TRUE(cover.starts_with("/media/covers/" + std::to_string(course) + "/")) << cover;
  EXPECT_TRUE(cover.ends_with("-640.jpg"));
  EXPECT_EQ(dimensions(cover, teacher), "640x360");  // cropped to 16:9 from 4:3
  const auto stem = cover.substr(0, cover.size() - std::string("640.jpg").size());
  EXPECT_EQ(dimensions(stem + "320.jpg", teacher), "320x180");
  EXPECT_EQ(dimensions(stem + "1280.jpg", teacher), "1280x720");
  EXPECT_EQ(request(port(), "GET", cover).status, 404);  // a draft's cover: not for everyone
  EXPECT_EQ(request(port(), "GET", stem + "641.jpg", "", teacher.cookie).status, 404);
  EXPECT_EQ(request(port(), "GET", "/media/covers/" + std::to_string(course) + "/..%2F..%2Fsecrets", "", teacher.cookie)
                .status,
            404);

  // Not pictures: text, a JPEG's first bytes followed by junk, nothing; and not theirs.
  for (const std::string bad : {std::string("just some text, renamed cover.png\n"),
                                std::string("\xFF\xD8\xFF\xE0") + std::string(4000, 'x'), std::string()}) {
    auto refused = put_cover(course, bad, teacher);
    EXPECT_EQ(refused.status, 400) << refused.body;
    if (!bad.empty()) EXPECT_NE(refused.body.find("这个文件不是图片"), std::string::npos);
  }
  EXPECT_EQ(put_cover(course, picture("64x64", "png"), other).status, 404);
  EXPECT_EQ(put_cover(course, picture("64x64", "png"), signed_in{}).status, 401);
  EXPECT_EQ(course_as(course, teacher)["cover"], cover);  // nothing changed by the refusals
  // The teacher's page shows it.
  EXPECT_NE(request(port(), "GET", "/teach/courses/" + std::to_string(course), "", teacher.cookie).body.find(cover),
            std::string::npos);
}

TEST(Covers, APublishedCoursesNewCoverWaitsForReview) {
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto reviewer = sign_up_as("reviewer", t.district_a);
  auto learner = sign_up_as("", std::nullopt, t.community);
  const auto course = published_course(teacher, "太极拳", "fitness");
  const auto before = course_as(course, learner).value("cover", std::string());
  ASSERT_EQ(put_cover(course, picture("1600x900", "jpg"), teacher).status, 200);
  const auto pending = course_as(course, teacher)["cover"].get<std::string>();
  EXPECT_NE(pending, before);
  EXPECT_EQ(course_as(course, learner).value("cover", std::string()), before);
  EXPECT_EQ(request(port(), "GET", pending, "", learner.cookie).status, 404);  // not served before review
  EXPECT_EQ(course_as(course, teacher)["changes"], "editing");
  EXPECT_NE(request(port(), "GET", "/teach/courses/" + std::to_string(course), "", teacher.cookie)
                .body.find("新封面要审核通过后学员才能看到"),
            std::string::npos);
  ASSERT_EQ(act(course, "submit", teacher).status, 200);
  ASSERT_EQ(act(course, "review", reviewer, {{"decision", "approve"}}).status, 200);
  EXPECT_EQ(course_as(course, learner)["cover"], pending);
  EXPECT_EQ(request(port(), "GET", pending).status, 200);  // published: anyone may see it
}
