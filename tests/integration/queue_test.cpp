// A job goes from an upload through the Redis stream to a published lesson, including
// a job taken over from a worker that died holding it.
#include <gtest/gtest.h>

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

#include <fstream>

#include "common/transcode_job.hpp"
#include "env.hpp"
#include "services/course_service.hpp"
#include "services/error.hpp"
#include "services/media_service.hpp"
#include "services/user_service.hpp"
#include "watchdog.hpp"
#include "worker.hpp"

using namespace lifelong;
namespace fs = std::filesystem;

class Queue : public ::testing::Test {
 protected:
  config cfg = test_env::integration_config();
  mysql_pool db{cfg.mysql};
  redis_pool redis{cfg.redis};
  fs::path media = test_env::fresh_dir("media");
  services::user_service users{db};
  shared_version catalog_version{redis, catalog_version_key};
  shared_version course_version{redis, course_version_key};
  replica_reads reads{db, cfg.mysql};  // no replica: the primary
  services::course_service courses{db, reads, catalog_version, course_version};
  services::media_service media_service{db, redis, media};
  transcoder::lesson_store lessons{db, redis};

  std::uint64_t new_lesson() {
    services::actor teacher;
    teacher.user_id = users.register_user({test_env::unique_name("t"), "老师", "a long password", std::nullopt});
    teacher.roles = {"teacher"};
    auto course = courses.create(teacher, {"课程", "", "digital", 1, {}});
    return courses.add_lesson(teacher, course, "微课");
  }

  fs::path upload_of(const fs::path& file) {  // what the server leaves after receiving a body
    auto part = media / "uploading" / (test_env::unique_name("up") + ".part");
    fs::create_directories(part.parent_path());
    fs::copy_file(file, part);
    return part;
  }

  transcoder::worker make_worker(int claim_idle_seconds = 900) {
    transcoder::worker_settings s;
    s.consumer = test_env::unique_name("worker");
    s.media_dir = media;
    s.block_ms = 200;
    s.claim_idle_seconds = claim_idle_seconds;
    s.pipeline.threads = 2;
    return transcoder::worker(s, redis, lessons);
  }

  // Runs the worker until the lesson settles (other tests' jobs may come first).
  services::lesson_row settle(transcoder::worker& w, std::uint64_t lesson_id) {
    for (int i = 0; i < 40; ++i) {
      w.run_once();
      auto l = courses.lesson(lesson_id);
      if (l->status == "ready" || l->status == "failed") return *l;
    }
    return *courses.lesson(lesson_id);
  }
};

TEST_F(Queue, UploadToPublishedLesson) {
  auto lesson = new_lesson();
  auto clip = test_env::fresh_dir("clip") / "in.mp4";
  test_env::make_clip(clip, "testsrc2=size=640x360:rate=25", 4);
  auto version = media_service.accept_upload(lesson, upload_of(clip).string());
  EXPECT_EQ(version, 1u);
  EXPECT_EQ(courses.lesson(lesson)->status, "queued");

  auto w = make_worker();
  w.ensure_group();
  auto done = settle(w, lesson);
  EXPECT_EQ(done.status, "ready");
  EXPECT_NEAR(done.duration_ms, 4000, 100);
  EXPECT_EQ(done.progress_pct, 100);
  EXPECT_TRUE(fs::exists(media_service.published_file(lesson, version, "master.m3u8")));
}

TEST_F(Queue, NotAVideoEndsFailedWithItsReason) {
  auto lesson = new_lesson();
  auto file = test_env::fresh_dir("text") / "fake.mp4";
  std::ofstream(file) << "hello, I am text";
  media_service.accept_upload(lesson, upload_of(file).string());
  auto w = make_worker();
  w.ensure_group();
  auto done = settle(w, lesson);
  EXPECT_EQ(done.status, "failed");
  EXPECT_EQ(done.failure_code, "not_video");
}

TEST_F(Queue, AJobHeldByADeadWorkerIsTakenOverAndDoneOnce) {
  auto lesson = new_lesson();
  auto clip = test_env::fresh_dir("clip") / "in.mp4";
  test_env::make_clip(clip, "testsrc2=size=640x360:rate=25", 3);
  auto w = make_worker(0);
  w.ensure_group();
  auto version = media_service.accept_upload(lesson, upload_of(clip).string());
  // A worker reads the job and dies before acknowledging it.
  auto taken = redis.command({"XREADGROUP", "GROUP", transcode_group, test_env::unique_name("dead"), "COUNT", "100",
                              "STREAMS", transcode_stream, ">"});
  ASSERT_FALSE(taken.is_nil());
  auto done = settle(w, lesson);
  EXPECT_EQ(done.status, "ready");
  EXPECT_EQ(done.media_version, version);
  // Running it again finds nothing more to do for this lesson.
  for (int i = 0; i < 5; ++i) w.run_once();
  EXPECT_EQ(courses.lesson(lesson)->status, "ready");
  EXPECT_EQ(redis.command({"XPENDING", transcode_stream, transcode_group}).elements[0].integer, 0);
}

TEST_F(Queue, ANewerUploadMakesTheOldJobObsolete) {
  auto lesson = new_lesson();
  auto clip = test_env::fresh_dir("clip") / "in.mp4";
  test_env::make_clip(clip, "testsrc2=size=640x360:rate=25", 3);
  media_service.accept_upload(lesson, upload_of(clip).string());
  auto v2 = media_service.accept_upload(lesson, upload_of(clip).string());
  auto w = make_worker();
  w.ensure_group();
  auto done = settle(w, lesson);
  EXPECT_EQ(done.status, "ready");
  EXPECT_EQ(done.media_version, v2);
  EXPECT_FALSE(fs::exists(media_service.published_file(lesson, 1, "master.m3u8")));
}

TEST_F(Queue, AFailedLessonCanBeRetriedFromItsKeptSource) {
  auto lesson = new_lesson();
  auto clip = test_env::fresh_dir("clip") / "in.mp4";
  test_env::make_clip(clip, "testsrc2=size=640x360:rate=25", 3);
  auto version = media_service.accept_upload(lesson, upload_of(clip).string());
  EXPECT_THROW(media_service.retry(lesson), services::error);  // queued, not failed
  // As if ffmpeg had crashed on a good file: the failure is transient.
  lessons.failed(lesson, version, "transcode_failed");
  auto w = make_worker();
  w.ensure_group();
  for (int i = 0; i < 10; ++i) w.run_once();  // the original job finds the lesson failed and skips it
  ASSERT_EQ(courses.lesson(lesson)->status, "failed");

  media_service.retry(lesson);
  EXPECT_EQ(courses.lesson(lesson)->status, "queued");
  auto done = settle(w, lesson);
  EXPECT_EQ(done.status, "ready");
  EXPECT_EQ(done.media_version, version);  // the same upload, not a new one
  EXPECT_TRUE(fs::exists(media_service.published_file(lesson, version, "master.m3u8")));
}

TEST_F(Queue, RetryWithoutTheSourceAsksForANewUpload) {
  auto lesson = new_lesson();
  auto file = test_env::fresh_dir("text") / "fake.mp4";
  std::ofstream(file) << "text";
  auto version = media_service.accept_upload(lesson, upload_of(file).string());
  lessons.failed(lesson, version, "not_video");
  fs::remove(media / "incoming" / (std::to_string(lesson) + "-v" + std::to_string(version) + ".src"));
  try {
    media_service.retry(lesson);
    FAIL() << "retried without a source";
  } catch (const services::error& e) {
    EXPECT_EQ(e.message_key, "errors.retry_source_gone");
  }
  EXPECT_EQ(courses.lesson(lesson)->status, "failed");
}

namespace {
// Stream entry ids of the jobs for one lesson.
std::vector<std::string> entries_for(redis_pool& redis, std::uint64_t lesson) {
  std::vector<std::string> ids;
  for (const auto& e : redis.command({"XRANGE", transcode_stream, "-", "+"}).elements)
    for (std::size_t i = 0; i + 1 < e.elements[1].elements.size(); i += 2)
      if (auto job = parse_job(e.elements[1].elements[i + 1].str); job && job->lesson_id == lesson)
        ids.push_back(e.elements[0].str);
  return ids;
}

void age(mysql_pool& db, std::uint64_t lesson) {  // as if it had waited an hour
  db.with([&](sql::Connection& c) {
    std::unique_ptr<sql::PreparedStatement> st(
        c.prepareStatement("UPDATE lessons SET updated_at = UTC_TIMESTAMP() - INTERVAL 1 HOUR WHERE id = ?"));
    st->setUInt64(1, lesson);
    st->execute();
  });
}
}  // namespace

TEST_F(Queue, TheWatchdogQueuesAgainALessonWhoseJobWasLost) {
  auto lesson = new_lesson();
  auto clip = test_env::fresh_dir("clip") / "in.mp4";
  test_env::make_clip(clip, "testsrc2=size=640x360:rate=25", 3);
  media_service.accept_upload(lesson, upload_of(clip).string());
  for (const auto& id : entries_for(redis, lesson)) redis.command({"XDEL", transcode_stream, id});  // the job is lost
  age(db, lesson);

  transcoder::watchdog dog(db, redis, media, std::chrono::minutes(30));
  redis.command({"DEL", "transcode:watchdog"});
  EXPECT_GE(dog.sweep(), 1);
  EXPECT_EQ(entries_for(redis, lesson).size(), 1u);
  redis.command({"DEL", "transcode:watchdog"});
  dog.sweep();  // the lesson's clock restarted: no second job
  EXPECT_EQ(entries_for(redis, lesson).size(), 1u);

  auto w = make_worker();
  w.ensure_group();
  EXPECT_EQ(settle(w, lesson).status, "ready");
  EXPECT_TRUE(entries_for(redis, lesson).empty());  // done jobs leave the stream
}

TEST_F(Queue, TheWatchdogLeavesAWaitingJobAlone) {
  auto lesson = new_lesson();
  auto clip = test_env::fresh_dir("clip") / "in.mp4";
  test_env::make_clip(clip, "testsrc2=size=640x360:rate=25", 2);
  media_service.accept_upload(lesson, upload_of(clip).string());
  age(db, lesson);  // a long backlog: old, but its job is still in the stream
  transcoder::watchdog dog(db, redis, media, std::chrono::minutes(30));
  redis.command({"DEL", "transcode:watchdog"});
  dog.sweep();
  EXPECT_EQ(entries_for(redis, lesson).size(), 1u);
  auto w = make_worker();
  w.ensure_group();
  EXPECT_EQ(settle(w, lesson).status, "ready");
}
