// Uploading a lesson's video over HTTP: limits, permissions, and the failure a teacher sees.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "env.hpp"
#include "test_server.hpp"
#include "worker.hpp"

using namespace lifelong::test_env;
namespace fs = std::filesystem;

namespace {
unsigned short port() {
  return test_server::get().port;
}

// Runs the real transcoder logic over the real stream until the lesson settles, and
// returns the lesson as the API shows it to its teacher.
nlohmann::json transcode(std::uint64_t lesson, const signed_in& teacher) {
  auto& app = *test_server::get().application;
  lifelong::transcoder::lesson_store lessons(app.db, app.redis);
  lifelong::transcoder::worker_settings ws;
  ws.consumer = unique_name("w");
  ws.media_dir = app.cfg.media.dir;
  ws.block_ms = 200;
  lifelong::transcoder::worker w(ws, app.redis, lessons);
  w.ensure_group();
  nlohmann::json state;
  for (int i = 0; i < 40; ++i) {
    w.run_once();
    state = nlohmann::json::parse(
        request(port(), "GET", "/api/v1/lessons/" + std::to_string(lesson), "", teacher.cookie).body);
    if (state["status"] == "failed" || state["status"] == "ready") break;
  }
  return state;
}

std::size_t files_in(const fs::path& dir) {
  if (!fs::exists(dir)) return 0;
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}
}  // namespace

TEST(HttpUpload, OverTheLimitIsRefusedBeforeAnyByteIsStored) {
  auto teacher = sign_up(true);
  auto lesson = new_lesson(teacher);
  const auto uploading = fs::path(test_server::get().application->cfg.media.dir) / "uploading";
  const auto before = files_in(uploading);
  // Only the headers are sent: the answer must come without waiting for the body.
  auto r = raw_exchange(port(), "PUT /api/v1/lessons/" + std::to_string(lesson) +
                                    "/video HTTP/1.1\r\nHost: x\r\nContent-Type: video/mp4\r\nContent-Length: " +
                                    std::to_string(test_server::get().max_upload_bytes + 1) + "\r\n" +
                                    teacher.with_csrf() + "\r\n");
  EXPECT_EQ(r.status, 413);
  EXPECT_NE(r.body.find("文件太大"), std::string::npos);
  EXPECT_EQ(files_in(uploading), before);
}

TEST(HttpUpload, ChunkedBodyOverTheLimitIsCutOffAndRemoved) {
  auto teacher = sign_up(true);
  auto lesson = new_lesson(teacher);
  const auto uploading = fs::path(test_server::get().application->cfg.media.dir) / "uploading";
  std::string chunk(512 * 1024, 'x');
  std::string text = "PUT /api/v1/lessons/" + std::to_string(lesson) +
                     "/video HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n" + teacher.with_csrf() + "\r\n";
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  for (int i = 0; i < 3; ++i) text += size_line + chunk + "\r\n";
  text += "0\r\n\r\n";
  EXPECT_EQ(raw_exchange(port(), text).status, 413);
  EXPECT_EQ(files_in(uploading), 0u);
}

TEST(HttpUpload, OnlyTheCoursesTeacherMayUpload) {
  auto teacher = sign_up(true);
  auto other = sign_up(true);
  auto lesson = new_lesson(teacher);
  const auto target = "/api/v1/lessons/" + std::to_string(lesson) + "/video";
  EXPECT_EQ(request(port(), "PUT", target, "data").status, 401);
  EXPECT_EQ(request(port(), "PUT", target, "data", other.with_csrf()).status, 404);  // a draft is invisible to others
  EXPECT_EQ(request(port(), "PUT", target, "data", teacher.cookie).status, 403);     // no CSRF token
  EXPECT_EQ(request(port(), "PUT", "/api/v1/lessons/99999999/video", "data", teacher.with_csrf()).status, 404);
  EXPECT_EQ(request(port(), "PUT", target, "", teacher.with_csrf()).status, 400);  // empty file
}

TEST(HttpUpload, ATextFileEndsWithAPlainLanguageReason) {
  auto teacher = sign_up(true);
  auto lesson = new_lesson(teacher);
  auto up = request(port(), "PUT", "/api/v1/lessons/" + std::to_string(lesson) + "/video",
                    "this is a text file renamed to .mp4\n", teacher.with_csrf() + "Content-Type: video/mp4\r\n");
  ASSERT_EQ(up.status, 202) << up.body;
  EXPECT_EQ(nlohmann::json::parse(up.body)["status"], "queued");

  auto state = transcode(lesson, teacher);
  EXPECT_EQ(state["status"], "failed");
  EXPECT_EQ(state["failure_code"], "not_video");
  EXPECT_NE(state["failure_message"].get<std::string>().find("这个文件不是视频"), std::string::npos);
  // The teacher hears of it on their messages page, once for this upload.
  auto failures = [&] {
    std::vector<nlohmann::json> found;
    const auto mine = nlohmann::json::parse(request(port(), "GET", "/api/v1/me/messages", "", teacher.cookie).body);
    for (const auto& m : mine["messages"])
      if (m["kind"] == "lesson_failed") found.push_back(m);
    return found;
  };
  ASSERT_EQ(failures().size(), 1u);
  EXPECT_NE(failures()[0]["reason"].get<std::string>().find("这个文件不是视频"), std::string::npos);
  EXPECT_NE(failures()[0]["link"].get<std::string>().find("/teach/courses/"), std::string::npos);
  // Retrying queues it again from the kept file (it fails again: it is still text).
  const auto retry = "/api/v1/lessons/" + std::to_string(lesson) + "/retry";
  auto again = request(port(), "POST", retry, "", teacher.with_csrf());
  EXPECT_EQ(again.status, 202) << again.body;
  EXPECT_EQ(nlohmann::json::parse(again.body)["status"], "queued");
  EXPECT_EQ(request(port(), "POST", retry, "", teacher.with_csrf()).status, 409);  // not failed now
  EXPECT_EQ(request(port(), "POST", retry, "", sign_up(true).with_csrf()).status, 404);
  EXPECT_EQ(transcode(lesson, teacher)["failure_code"], "not_video");
  EXPECT_EQ(failures().size(), 1u);  // the same upload failing again is not news
  auto en = nlohmann::json::parse(
      request(port(), "GET", "/api/v1/lessons/" + std::to_string(lesson) + "?lang=en", "", teacher.cookie).body);
  EXPECT_NE(en["failure_message"].get<std::string>().find("not a video"), std::string::npos);
}

TEST(HttpUpload, MediaIsServedWithTypesAndRangesAndHiddenUntilPublished) {
  auto teacher = sign_up(true);
  auto learner = sign_up(false);
  auto lesson = new_lesson(teacher);
  auto clip = fresh_dir("media-clip") / "in.mp4";
  make_clip(clip, "testsrc2=size=640x360:rate=25", 3);
  std::ifstream in(clip, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  ASSERT_EQ(
      request(port(), "PUT", "/api/v1/lessons/" + std::to_string(lesson) + "/video", bytes, teacher.with_csrf()).status,
      202);

  auto state = transcode(lesson, teacher);
  ASSERT_EQ(state["status"], "ready");
  const std::string master = state["media"]["hls"];
  const std::string base = master.substr(0, master.rfind('/'));

  auto playlist = request(port(), "GET", master, "", teacher.cookie);
  EXPECT_EQ(playlist.status, 200);
  EXPECT_EQ(playlist.header("content-type"), "application/vnd.apple.mpegurl");
  EXPECT_NE(playlist.body.find("r0/index.m3u8"), std::string::npos);
  auto segment = request(port(), "GET", base + "/r0/seg_00000.m4s", "", teacher.cookie + "Range: bytes=0-99\r\n");
  EXPECT_EQ(segment.status, 206);
  EXPECT_EQ(segment.body.size(), 100u);
  EXPECT_EQ(segment.header("content-type"), "video/iso.segment");
  EXPECT_NE(segment.header("cache-control").find("immutable"), std::string::npos);
  EXPECT_EQ(request(port(), "HEAD", base + "/poster.jpg", "", teacher.cookie).header("content-type"), "image/jpeg");

  // A draft's media is the teacher's alone; once approved and published, anyone may watch.
  EXPECT_EQ(request(port(), "GET", master, "", learner.cookie).status, 404);
  EXPECT_EQ(request(port(), "GET", master).status, 404);
  auto course = std::to_string(state["course_id"].get<std::uint64_t>());
  EXPECT_EQ(request(port(), "POST", "/api/v1/courses/" + course + "/submit", "", teacher.with_csrf()).status, 200);
  auto admin = sign_up_as("site_admin");
  EXPECT_EQ(request(port(), "POST", "/api/v1/courses/" + course + "/review", R"({"decision":"approve"})",
                    "Content-Type: application/json\r\n" + admin.with_csrf())
                .status,
            200);
  EXPECT_EQ(request(port(), "GET", master, "", learner.cookie).status, 200);
  // The link opens this version's folder only.
  EXPECT_EQ(request(port(), "GET", base.substr(0, base.rfind('/')) + "/v999/master.m3u8", "", learner.cookie).status,
            403);
}
