// The real lifelong-transcoder binary, killed with SIGKILL in the middle of a job: after
// a restart the job is done exactly once and the lesson plays.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "env.hpp"
#include "processes.hpp"
#include "storage/sql.hpp"
#include "test_server.hpp"

using namespace lifelong::test_env;
namespace fs = std::filesystem;

namespace {

nlohmann::json lesson_state(std::uint64_t lesson, const signed_in& who) {
  return nlohmann::json::parse(
      request(test_server::get().port, "GET", "/api/v1/lessons/" + std::to_string(lesson), "", who.cookie).body);
}

// Waits (at most 60 s) until the lesson is transcoding with some progress; returns that
// progress, 0 if it never showed, -1 if the job finished first.
int first_progress(std::uint64_t lesson, const signed_in& teacher) {
  for (int i = 0; i < 600; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto state = lesson_state(lesson, teacher);
    if (state["status"] == "ready") return -1;
    if (state["status"] == "transcoding" && state["progress_pct"].get<int>() > 0)
      return state["progress_pct"].get<int>();
  }
  return 0;
}

// Waits (at most `seconds`) until the lesson is ready or failed; returns its state.
nlohmann::json finished_state(std::uint64_t lesson, const signed_in& teacher, int seconds) {
  nlohmann::json state;
  for (int i = 0; i < seconds * 10; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    state = lesson_state(lesson, teacher);
    if (state["status"] == "ready" || state["status"] == "failed") break;
  }
  return state;
}

// Processes whose working folder is under `dir` (an ffmpeg encoding there).
int processes_working_in(const fs::path& dir) {
  int found = 0;
  std::error_code ec;
  for (const auto& p : fs::directory_iterator("/proc", ec)) {
    auto cwd = fs::read_symlink(p.path() / "cwd", ec);
    if (!ec && cwd.string().rfind(dir.string(), 0) == 0) ++found;
  }
  return found;
}

// A lesson with a freshly generated clip, queued through the in-process server's app.
std::uint64_t queued_lesson(const signed_in& teacher, const std::string& title, double seconds) {
  auto& app = *test_server::get().application;
  auto lesson = new_lesson(teacher, title);
  const auto clip = fresh_dir("transcoder-process") / "lesson.mp4";
  make_clip(clip, "testsrc2=size=1280x720:rate=25", seconds);
  const auto copy = fs::path(app.cfg.media.dir) / "uploading" / (unique_name("clip") + ".part");
  fs::create_directories(copy.parent_path());
  fs::copy_file(clip, copy);
  app.media.accept_upload(lesson, copy.string());
  return lesson;
}

}  // namespace

TEST(TranscoderProcess, JobsSetToTwoEncodesTwoLessonsAtOnce) {
  auto& app = *test_server::get().application;
  auto teacher = sign_up(true);
  const auto first = queued_lesson(teacher, "并行一", 10);
  const auto second = queued_lesson(teacher, "并行二", 10);
  const auto name = unique_name("pair");
  auto pid = start_transcoder(name, fs::absolute(app.cfg.media.dir), 2);
  bool together = false;
  nlohmann::json a, b;
  for (int i = 0; i < 1800; ++i) {  // at most 180 s
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    a = lesson_state(first, teacher);
    b = lesson_state(second, teacher);
    together = together || (a["status"] == "transcoding" && b["status"] == "transcoding");
    if (a["is_working"] == false && b["is_working"] == false) break;
  }
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  EXPECT_TRUE(together) << "the two lessons were never transcoding at the same time";
  EXPECT_EQ(a["status"], "ready") << a.dump();
  EXPECT_EQ(b["status"], "ready") << b.dump();
}

TEST(TranscoderProcess, KilledMidJobTheJobIsDoneOnceAfterRestart) {
  auto& server = test_server::get();
  auto& app = *server.application;
  const fs::path media = fs::absolute(app.cfg.media.dir);
  auto teacher = sign_up(true);
  const auto lesson = queued_lesson(teacher, "转码中断", 10);
  const auto name = unique_name("killed");
  auto pid = start_transcoder(name, media);
  const int progress = first_progress(lesson, teacher);
  ASSERT_NE(progress, -1) << "finished before it could be killed";
  ASSERT_GT(progress, 0);
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  const auto lesson_dir = media / "videos" / std::to_string(lesson);
  // The kernel kills the ffmpeg child when its parent dies; give it a moment to go.
  int still_encoding = processes_working_in(lesson_dir);
  for (int i = 0; i < 30 && still_encoding > 0; ++i) {  // at most 3 s (an orphan would go on encoding for seconds)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    still_encoding = processes_working_in(lesson_dir);
  }
  EXPECT_EQ(still_encoding, 0) << "an orphaned ffmpeg is still encoding";
  EXPECT_EQ(lesson_state(lesson, teacher)["status"], "transcoding");

  pid = start_transcoder(name, media);  // same name: it finds the job it held
  const auto state = finished_state(lesson, teacher, 120);
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  ASSERT_EQ(state["status"], "ready") << state.dump();
  EXPECT_NEAR(state["duration_ms"].get<double>(), 10000, 200);
  // One published version, no half-written folder left, nothing pending in the queue.
  std::vector<std::string> entries;
  for (const auto& e : fs::directory_iterator(lesson_dir)) entries.push_back(e.path().filename().string());
  EXPECT_EQ(entries, std::vector<std::string>{"v1"});
  auto pending = app.redis.command({"XPENDING", "jobs:transcode", "transcoders", "-", "+", "10", name + "-1"});
  EXPECT_EQ(pending.elements.size(), 0u);
  // It plays: the teacher gets the playlist, and ffmpeg decodes the whole ladder's top rung.
  const auto master = state["media"]["hls"].get<std::string>();
  EXPECT_EQ(request(server.port, "GET", master, "", teacher.cookie).status, 200);
  EXPECT_EQ(shell("ffmpeg -v error -i '" + (lesson_dir / "v1" / "master.m3u8").string() + "' -f null - 2>&1"), 0);
}

TEST(TranscoderProcess, AJobWhoseWorkerDiedBeforeAnyProgressIsStillDone) {
  auto& app = *test_server::get().application;
  auto teacher = sign_up(true);
  const auto lesson = queued_lesson(teacher, "转码未开始就中断", 4);
  // What a worker leaves when it dies between taking the job and its first progress report.
  app.db.with([&](sql::Connection& db) {
    auto st =
        lifelong::storage::prepare(db, "UPDATE lessons SET status = 'transcoding', progress_pct = 0 WHERE id = ?");
    st->setUInt64(1, lesson);
    st->executeUpdate();
  });
  const auto pid = start_transcoder(unique_name("late"), fs::absolute(app.cfg.media.dir));
  const auto state = finished_state(lesson, teacher, 60);
  kill(pid, SIGTERM);
  waitpid(pid, nullptr, 0);
  EXPECT_EQ(state["status"], "ready") << state.dump();
}

// Two transcoders of the site share the queue (one Redis consumer group): when one is
// killed mid-job, the other takes the job over once it has been silent for
// claim_idle_seconds (a live worker renews its claim as it reports progress), and the
// lesson is published once, from one folder.
TEST(TranscoderProcess, AKilledTranscodersJobIsTakenOverByAnotherAndPublishedOnce) {
  auto& app = *test_server::get().application;
  const fs::path media = fs::absolute(app.cfg.media.dir);
  auto teacher = sign_up(true);
  const auto lesson = queued_lesson(teacher, "转码接手", 10);
  const environment quick_takeover{{"LIFELONG_TRANSCODER_CLAIM_IDLE_SECONDS", "3"}};
  const auto first_name = unique_name("first"), second_name = unique_name("second");
  auto first = start_transcoder(first_name, media, 1, quick_takeover);
  const int progress = first_progress(lesson, teacher);
  ASSERT_NE(progress, -1) << "finished before it could be killed";
  ASSERT_GT(progress, 0);
  kill(first, SIGKILL);
  waitpid(first, nullptr, 0);
  ASSERT_EQ(lesson_state(lesson, teacher)["status"], "transcoding");  // left half done
  auto second = start_transcoder(second_name, media, 1, quick_takeover);

  const auto state = finished_state(lesson, teacher, 120);
  kill(second, SIGTERM);
  waitpid(second, nullptr, 0);
  ASSERT_EQ(state["status"], "ready") << state.dump();
  EXPECT_EQ(state["media"]["hls"].get<std::string>().find("/v1/master.m3u8") != std::string::npos, true);
  std::vector<std::string> entries;
  const auto lesson_dir = media / "videos" / std::to_string(lesson);
  for (const auto& e : fs::directory_iterator(lesson_dir)) entries.push_back(e.path().filename().string());
  EXPECT_EQ(entries, std::vector<std::string>{"v1"});
  for (const auto& name : {first_name + "-1", second_name + "-1"}) {
    auto pending = app.redis.command({"XPENDING", "jobs:transcode", "transcoders", "-", "+", "10", name});
    EXPECT_EQ(pending.elements.size(), 0u) << name;
  }
  EXPECT_EQ(shell("ffmpeg -v error -i '" + (lesson_dir / "v1" / "master.m3u8").string() + "' -f null - 2>&1"), 0);
}
