// Captions over HTTP with the real ffmpeg: SRT and WebVTT in, clean WebVTT out, served
// like the lesson's media; bad files and wrong people refused.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "env.hpp"
#include "test_server.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}
std::string captions_url(std::uint64_t lesson, const std::string& lang) {
  return "/api/v1/lessons/" + std::to_string(lesson) + "/captions/" + lang;
}
http_result put_captions(std::uint64_t lesson, const std::string& lang, const std::string& text, const signed_in& who) {
  return request(port(), "PUT", captions_url(lesson, lang), text, "Content-Type: text/plain\r\n" + who.with_csrf());
}
const std::string srt =
    "1\r\n00:00:01,000 --> 00:00:02,500\r\n谨防电信诈骗\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\n不要转账\r\n";
}  // namespace

TEST(Captions, SrtBecomesWebVttServedToThoseWhoSeeTheLesson) {
  auto teacher = sign_up(true);
  auto lesson = new_lesson(teacher);
  auto put = put_captions(lesson, "zh-CN", srt, teacher);
  ASSERT_EQ(put.status, 200) << put.body;
  auto listed = nlohmann::json::parse(put.body)["captions"];
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0]["label"], "中文");
  const auto url = listed[0]["url"].get<std::string>();
  auto lesson_json = nlohmann::json::parse(
      request(port(), "GET", "/api/v1/lessons/" + std::to_string(lesson), "", teacher.cookie).body);
  EXPECT_EQ(lesson_json["captions"], listed);

  auto vtt = request(port(), "GET", url, "", teacher.cookie);
  EXPECT_EQ(vtt.status, 200);
  EXPECT_EQ(vtt.header("content-type"), "text/vtt; charset=utf-8");
  EXPECT_EQ(vtt.body.rfind("WEBVTT", 0), 0u);
  EXPECT_NE(vtt.body.find("00:01.000 --> 00:02.500"), std::string::npos) << vtt.body;
  EXPECT_NE(vtt.body.find("谨防电信诈骗"), std::string::npos);
  EXPECT_NE(vtt.header("cache-control").find("immutable"), std::string::npos);
  // The course is a draft: nobody else sees its captions.
  EXPECT_EQ(request(port(), "GET", url, "", sign_up(false).cookie).status, 404);
  EXPECT_EQ(request(port(), "GET", url).status, 404);

  // A new file replaces the old one under a new URL.
  const std::string vtt_text = "\xEF\xBB\xBFWEBVTT\n\n00:00.500 --> 00:02.000\n新的字幕\n";
  auto again = put_captions(lesson, "zh-CN", vtt_text, teacher);
  ASSERT_EQ(again.status, 200) << again.body;
  const auto new_url = nlohmann::json::parse(again.body)["captions"][0]["url"].get<std::string>();
  EXPECT_NE(new_url, url);
  EXPECT_EQ(request(port(), "GET", url, "", teacher.cookie).status, 404);
  EXPECT_NE(request(port(), "GET", new_url, "", teacher.cookie).body.find("新的字幕"), std::string::npos);

  EXPECT_EQ(request(port(), "DELETE", captions_url(lesson, "zh-CN"), "", teacher.with_csrf()).status, 204);
  EXPECT_EQ(request(port(), "GET", new_url, "", teacher.cookie).status, 404);
  EXPECT_EQ(request(port(), "DELETE", captions_url(lesson, "zh-CN"), "", teacher.with_csrf()).status, 404);
}

TEST(Captions, BadFilesAndWrongPeopleAreRefused) {
  auto teacher = sign_up(true);
  auto lesson = new_lesson(teacher);
  EXPECT_EQ(put_captions(lesson, "zh-CN", "", teacher).status, 400);
  auto prose = put_captions(lesson, "zh-CN", "这只是一段文字，不是字幕。", teacher);
  EXPECT_EQ(prose.status, 400);
  EXPECT_NE(prose.body.find("WebVTT"), std::string::npos) << prose.body;
  EXPECT_EQ(put_captions(lesson, "zh-CN", "1\nnot a time --> nor this\ntext\n", teacher).status, 400);
  // A playlist posing as captions must not make ffmpeg read other files.
  EXPECT_EQ(put_captions(lesson, "zh-CN", "#EXTM3U\n#EXTINF:1,-->\nfile:///etc/passwd\n", teacher).status, 400);
  EXPECT_EQ(put_captions(lesson, "fr", srt, teacher).status, 400);
  EXPECT_EQ(put_captions(lesson, "zh-CN", srt, sign_up(true)).status, 404);
  EXPECT_EQ(put_captions(lesson, "zh-CN", srt, sign_up(false)).status, 404);
  EXPECT_EQ(request(port(), "PUT", captions_url(lesson, "zh-CN"), srt, "Content-Type: text/plain\r\n").status, 401);
  EXPECT_EQ(request(port(), "PUT", captions_url(lesson, "zh-CN"), srt, "Content-Type: text/plain\r\n" + teacher.cookie)
                .status,
            403);  // no CSRF token
  EXPECT_EQ(request(port(), "GET", "/media/captions/" + std::to_string(lesson) + "/..%2F..%2Fetc%2Fpasswd", "",
                    teacher.cookie)
                .status,
            404);
  auto listed = nlohmann::json::parse(
      request(port(), "GET", "/api/v1/lessons/" + std::to_string(lesson), "", teacher.cookie).body)["captions"];
  EXPECT_TRUE(listed.empty());
}
