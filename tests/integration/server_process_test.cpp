// The real lifelong-server binary as a separate process: readiness when Redis is down,
// and a graceful stop that lets an in-flight request finish.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "common/migrations.hpp"
#include "common/mysql_pool.hpp"
#include "common/tokens.hpp"
#include "env.hpp"
#include "processes.hpp"
#include "storage/sql.hpp"
#include "test_server.hpp"
#include "tus_client.hpp"

using namespace lifelong::test_env;
namespace asio = boost::asio;

TEST(ServerProcess, ReadinessNamesWhatIsDown) {
  const unsigned short port = 18231;
  auto pid = start_server(port, {{"LIFELONG_REDIS_PORT", "1"}});  // nothing listens on port 1
  ASSERT_GT(pid, 0);
  EXPECT_EQ(request(port, "GET", "/healthz").status, 200);
  auto ready = request(port, "GET", "/readyz");
  EXPECT_EQ(ready.status, 503);
  auto body = nlohmann::json::parse(ready.body);
  EXPECT_EQ(body["down"], nlohmann::json::array({"redis"}));
  // A signed-in request needs its session from Redis: "try again shortly", not a 500.
  const std::string session = "Cookie: ll_sid=" + std::string(43, 'a') + "\r\n";
  for (const std::string path : {"/", "/api/v1/me", "/me/learning"}) {
    auto away = request(port, "GET", path, "", session);
    EXPECT_EQ(away.status, 503) << path;
    EXPECT_EQ(away.header("retry-after"), "5") << path;
  }
  kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid, 30), 0);
}

TEST(ServerProcess, SigtermLetsTheRequestInFlightFinish) {
  const unsigned short port = 18232;
  auto media = fresh_dir("graceful-media");
  auto pid = start_server(port, {{"LIFELONG_MEDIA_DIR", media.string()}});
  ASSERT_GT(pid, 0);
  // Sessions and data live in the shared MariaDB and Redis, so the in-process server
  // can set up the teacher and the lesson.
  auto teacher = sign_up(true);
  auto lesson_id = new_lesson(teacher, "优雅停止");

  // Half the body, then SIGTERM, then the other half: the upload must still be answered.
  const std::string half(64 * 1024, 'x');
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(socket, asio::buffer("PUT /api/v1/lessons/" + std::to_string(lesson_id) +
                                   "/video HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(2 * half.size()) +
                                   "\r\n" + teacher.with_csrf() + "\r\n" + half));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  kill(pid, SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_THROW(request(port, "GET", "/healthz"), std::exception);  // no longer accepting
  asio::write(socket, asio::buffer(half));
  std::string response;
  boost::system::error_code ec;
  asio::read(socket, asio::dynamic_buffer(response), ec);  // until the server closes
  EXPECT_EQ(response.substr(0, 12), "HTTP/1.1 202") << response;
  EXPECT_EQ(wait_exit(pid, 30), 0);
}

TEST(ServerProcess, KilledDuringAnUploadTheUploadResumesIntact) {
  const unsigned short port = 18233;
  auto media = fresh_dir("kill-media");
  const std::vector<std::pair<std::string, std::string>> env{{"LIFELONG_MEDIA_DIR", media.string()}};
  auto pid = start_server(port, env);
  ASSERT_GT(pid, 0);
  auto teacher = sign_up(true);
  auto lesson = new_lesson(teacher, "断点续传");
  const auto bytes = random_bytes(6 * 1024 * 1024);
  auto made = tus_create(port, teacher, bytes.size(), tus_metadata(lesson, "手机录的课.mp4", "video/mp4"));
  ASSERT_EQ(made.status, 201) << made.body;
  const auto url = made.header("location");

  // Part of the body reaches the server, then the server is killed outright.
  const std::size_t sent = 2 * 1024 * 1024 + 12345;
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(socket, asio::buffer(tus_patch_head(teacher, url, 0, bytes.size()) + bytes.substr(0, sent)));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  socket.close();

  pid = start_server(port, env);
  ASSERT_GT(pid, 0);
  auto head = tus_head(port, teacher, url);
  ASSERT_EQ(head.status, 200);
  const auto offset = std::stoull(head.header("upload-offset"));
  EXPECT_GT(offset, 0u);
  EXPECT_LE(offset, sent);
  // The killed server's lock on the upload (a lease in Redis) lapses within 10 s; until
  // then the client is told to wait (423) and tries again, as tus clients do.
  http_result rest;
  for (int i = 0; i < 40; ++i) {  // at most 20 s
    rest = tus_patch(port, teacher, url, offset, bytes.substr(offset));
    if (rest.status != 423) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  EXPECT_EQ(rest.status, 204) << rest.body;
  const auto source = media / "incoming" / (std::to_string(lesson) + "-v1.src");
  EXPECT_EQ(lifelong::sha256_hex(file_text(source.string())), lifelong::sha256_hex(bytes));
  kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid, 30), 0);
}

// MariaDB killed (SIGKILL, no clean shutdown) under the running server: a progress
// report acknowledged before the crash is still counted after the restart, a report
// made while the database is away gets 503 with Retry-After (and is not counted), and
// the server carries on without being restarted itself. The database is this test's
// own (private_mariadb.sh), so the other tests do not feel the crash.
TEST(ServerProcess, AnAcknowledgedProgressReportSurvivesADatabaseCrash) {
  const unsigned short port = 18233, db_port = 18234;
  const auto dir = fresh_dir("crash-mysql");
  const std::string root_pw = unique_name("root"), app_pw = unique_name("app"), database = "lifelong_crash";
  const std::string script = std::string("bash ") + LIFELONG_SOURCE_DIR "/tests/integration/private_mariadb.sh ";
  auto start_db = [&] {
    return shell(script + "start " + dir.string() + " " + std::to_string(db_port) + " " + root_pw + " " + app_pw + " " +
                 database);
  };
  ASSERT_EQ(start_db(), 0);
  auto cfg = integration_config();
  cfg.mysql.port = db_port;
  cfg.mysql.password = app_pw;
  cfg.mysql.database = database;
  std::uint64_t lesson = 0;
  {
    lifelong::mysql_pool pool(cfg.mysql);
    auto db = pool.connect();
    lifelong::apply_migrations(*db, LIFELONG_SOURCE_DIR "/config/schema");
    auto run = [&](const std::string& sql) { lifelong::storage::prepare(*db, sql.c_str())->execute(); };
    run("INSERT INTO users (username, display_name, password_hash) VALUES ('crash_teacher', '老师', '!')");
    run("INSERT INTO courses (title, summary, category_code, teacher_id, status, published_at) "
        "VALUES ('断电也不丢', '', 'safety', LAST_INSERT_ID(), 'published', UTC_TIMESTAMP())");
    run("INSERT INTO lessons (course_id, position, title, status, duration_ms, media_version, published_version, "
        "published_duration_ms) VALUES (LAST_INSERT_ID(), 1, '第一课', 'ready', 100000, 1, 1, 100000)");
    lesson = lifelong::storage::last_insert_id(*db);
  }
  // Reports of a whole stretch at once: the pace rule has tests of its own.
  auto pid = start_server(port, {{"LIFELONG_LEARNING_SLACK_SECONDS", "100000"},
                                 {"LIFELONG_MYSQL_PORT", std::to_string(db_port)},
                                 {"LIFELONG_MYSQL_PASSWORD", app_pw},
                                 {"LIFELONG_MYSQL_DATABASE", database},
                                 {"LIFELONG_MEDIA_DIR", fresh_dir("crash-media").string()}});
  ASSERT_GT(pid, 0);
  const std::string json = "Content-Type: application/json\r\n";
  const nlohmann::json person{
      {"username", unique_name("crash")}, {"display_name", "学员"}, {"password", "a long password"}};
  ASSERT_EQ(request(port, "POST", "/api/v1/users", person.dump(), json).status, 201);
  auto login = request(port, "POST", "/api/v1/session", person.dump(), json);
  ASSERT_EQ(login.status, 200);
  const auto cookie = login.header("set-cookie");
  const std::string auth = json + "Cookie: " + cookie.substr(0, cookie.find(';')) +
                           "\r\nX-CSRF-Token: " + nlohmann::json::parse(login.body)["csrf_token"].get<std::string>() +
                           "\r\n";
  auto report = [&](double from, double to) {
    return request(port, "POST", "/api/v1/lessons/" + std::to_string(lesson) + "/progress",
                   nlohmann::json{{"ranges", {{from, to}}}}.dump(), auth);
  };

  auto before = report(0, 30);
  ASSERT_EQ(before.status, 200) << before.body;
  EXPECT_EQ(nlohmann::json::parse(before.body)["lesson"]["percent"], 30);

  ASSERT_EQ(shell(script + "crash " + dir.string()), 0);
  auto during = report(30, 40);
  EXPECT_EQ(during.status, 503) << during.body;
  EXPECT_EQ(during.header("retry-after"), "5");
  EXPECT_NE(during.body.find("服务正在重启"), std::string::npos);

  ASSERT_EQ(start_db(), 0);  // the same data folder: InnoDB recovers from its log
  auto after = report(40, 60);
  ASSERT_EQ(after.status, 200) << after.body;
  // 0–30 acknowledged before the crash + 40–60 now; 30–40 was refused, not counted.
  EXPECT_EQ(nlohmann::json::parse(after.body)["lesson"]["percent"], 50);

  kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid, 30), 0);
  shell(script + "stop " + dir.string());
}

TEST(ServerProcess, TheRequestLogNeverHoldsCardSecretsOrUploadTokens) {
  const unsigned short port = 18232;
  const auto log = fresh_dir("request-log") / "server.log";
  auto pid = start_server(port, {}, log.string());
  ASSERT_GT(pid, 0);
  const std::string secret = "Sk" + std::string(41, 'q'), token = "Tk" + std::string(41, 'z');
  for (const auto& target : {"/card/" + secret, "//card//" + secret + "?from=qr", "/api/v1/uploads/" + token})
    request(port, "GET", target);
  kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid, 30), 0);
  std::ifstream in(log);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("GET /card/[redacted]"), std::string::npos) << text;
  EXPECT_NE(text.find("GET /api/v1/uploads/[redacted]"), std::string::npos) << text;
  EXPECT_EQ(text.find(secret), std::string::npos);
  EXPECT_EQ(text.find(token), std::string::npos);
}

// One blocking thread, room for one call to wait: while a request holds that thread (its
// upload waits for a row the test has locked), one more request waits and every other
// one is refused at once with 503 and Retry-After; none piles up and none fails
// otherwise. Released, the two that got in finish.
TEST(ServerProcess, ASaturatedBlockingPoolRefusesWith503InsteadOfPilingUp) {
  const unsigned short port = 18234;
  auto pid = start_server(port, {{"LIFELONG_SERVER_BLOCKING_THREADS", "1"},
                                 {"LIFELONG_SERVER_BLOCKING_QUEUE_LIMIT", "1"},
                                 {"LIFELONG_MEDIA_DIR", fresh_dir("saturated-media").string()}});
  ASSERT_GT(pid, 0);
  auto teacher = sign_up(true);  // sessions live in the shared Redis: they work on both servers
  const auto lesson = new_lesson(teacher);

  lifelong::mysql_pool db(integration_config().mysql);
  auto lock = db.connect();
  lock->setAutoCommit(false);
  auto row = lifelong::storage::prepare(*lock, "SELECT id FROM users WHERE id = ? FOR UPDATE");
  row->setUInt64(1, teacher.id);
  lifelong::storage::rows(row->executeQuery());

  // Creating an upload locks the teacher's row first: it holds the only thread until we let go.
  std::thread holder(
      [&] { EXPECT_EQ(tus_create(port, teacher, 10, tus_metadata(lesson, "a.mp4", "video/mp4")).status, 201); });
  auto watcher = db.connect();
  auto waiting_for_lock = [&] {
    // The server connects as the same user, so its statements are in our process list.
    auto q = lifelong::storage::prepare(*watcher,
                                        "SELECT COUNT(*) FROM information_schema.PROCESSLIST "
                                        "WHERE INFO LIKE 'SELECT id FROM users WHERE id = % FOR UPDATE'");
    lifelong::storage::rows r(q->executeQuery());
    return r->next() && r->getInt(1) > 0;
  };
  bool held = false;
  for (int i = 0; i < 200 && !(held = waiting_for_lock()); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_TRUE(held) << "the upload never waited for the locked row";

  constexpr int asked = 6;
  std::vector<http_result> answers(asked);
  std::atomic<int> answered{0};
  std::vector<std::thread> askers;
  for (int i = 0; i < asked; ++i)
    askers.emplace_back([&, i] {
      answers[i] = request(port, "GET", "/api/v1/courses");
      ++answered;
    });
  // Everyone but the one that found room in the queue hears back while the thread is held.
  for (int i = 0; i < 200 && answered < asked - 1; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(answered.load(), asked - 1);
  // Meanwhile what needs no blocking work is still served, signed in or not, and a
  // refusal speaks the reader's language (read before the pool is asked).
  EXPECT_EQ(request(port, "GET", "/static/css/app.css", "", teacher.cookie).status, 200);
  EXPECT_EQ(request(port, "GET", "/healthz", "", teacher.cookie).status, 200);
  auto english = request(port, "GET", "/api/v1/courses", "", "Accept-Language: en\r\n");
  EXPECT_EQ(english.status, 503);
  EXPECT_NE(english.body.find("very busy"), std::string::npos) << english.body;
  lock->rollback();
  holder.join();
  for (auto& t : askers) t.join();

  int refused = 0, served = 0;
  for (const auto& a : answers) {
    if (a.status == 503) {
      ++refused;
      EXPECT_EQ(a.header("retry-after"), "2");
      EXPECT_EQ(nlohmann::json::parse(a.body)["error"]["code"], "unavailable") << a.body;
    } else {
      EXPECT_EQ(a.status, 200) << a.body;
      ++served;
    }
  }
  EXPECT_EQ(refused, asked - 1);
  EXPECT_EQ(served, 1);
  EXPECT_EQ(request(port, "GET", "/api/v1/courses").status, 200);  // and it recovers at once
  kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid, 30), 0);
}

// Each connection is a file: started with a soft limit of 1,024 (Debian's default), the
// server takes all its hard limit allows before it listens.
TEST(ServerProcess, TheServerRaisesItsOpenFilesLimitToTheHardLimit) {
  rlimit mine{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &mine), 0);
  rlimit low = mine;
  low.rlim_cur = std::min<rlim_t>(1024, mine.rlim_max);
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);  // the child inherits it
  const unsigned short port = 18235;
  auto pid = start_server(port, {});
  setrlimit(RLIMIT_NOFILE, &mine);
  ASSERT_GT(pid, 0);
  std::ifstream limits("/proc/" + std::to_string(pid) + "/limits");
  std::string line, soft, hard;
  while (std::getline(limits, line))
    if (line.rfind("Max open files", 0) == 0) {
      std::istringstream fields(line.substr(std::string("Max open files").size()));
      fields >> soft >> hard;
    }
  EXPECT_FALSE(soft.empty());
  EXPECT_EQ(soft, hard) << "started with " << low.rlim_cur << " of " << mine.rlim_max;
  kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid, 30), 0);
}

// A phone that loses its signal mid-download resets the connection while the kernel is
// sending the file: that ends that connection, never the server.
TEST(ServerProcess, ClientsThatResetMidDownloadLeaveTheServerServing) {
  const auto dir = fresh_dir("static-big");
  std::filesystem::copy_file(LIFELONG_SOURCE_DIR "/static/css/app.css", dir / "app.css");
  std::ofstream(dir / "big.bin").close();
  std::filesystem::resize_file(dir / "big.bin", 256ull << 20);  // sparse
  const unsigned short port = 18236;
  auto pid = start_server(port, {{"LIFELONG_SERVER_STATIC_DIR", dir.string()}});
  ASSERT_GT(pid, 0);
  for (int i = 0; i < 5; ++i) {  // bounded
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    socket.set_option(asio::socket_base::receive_buffer_size(4096));
    asio::write(socket, asio::buffer(std::string("GET /static/big.bin HTTP/1.1\r\nHost: x\r\n\r\n")));
    std::array<char, 4096> some;
    asio::read(socket, asio::buffer(some));                 // the download has begun
    socket.set_option(asio::socket_base::linger(true, 0));  // close with a reset
    socket.close();
  }
  EXPECT_EQ(request(port, "GET", "/static/app.css").status, 200);
  int status = 0;
  EXPECT_EQ(waitpid(pid, &status, WNOHANG), 0) << "the server ended";
  kill(pid, SIGTERM);
  EXPECT_EQ(wait_exit(pid, 30), 0);
}
