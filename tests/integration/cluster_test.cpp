// Servers A and B of one site (tests/integration/cluster_site.hpp): what one does, the
// other sees; an upload moves between them; sessions and sign-in limits are the site's.
// Every loop here is bounded.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>

#include "cluster_site.hpp"
#include "common/tokens.hpp"
#include "org_fixture.hpp"

using namespace lifelong::test_env;
namespace asio = boost::asio;

namespace {
std::string percent_encoded(const std::string& text) {
  std::string out;
  char hex[4];
  for (unsigned char ch : text) {
    if (std::isalnum(ch)) {
      out += static_cast<char>(ch);
    } else {
      std::snprintf(hex, sizeof hex, "%%%02X", ch);
      out += hex;
    }
  }
  return out;
}
}  // namespace

TEST(Cluster, ACoursePublishedThroughOneServerAppearsOnTheOthersPages) {
  site s(false);
  ASSERT_GT(s.a, 0);
  ASSERT_GT(s.b, 0);
  test_tree t;
  auto teacher = sign_up_as("teacher", t.community);
  auto reviewer = sign_up_as("reviewer", t.district_a);
  const auto title = "集群发布" + unique_name("课");
  const auto course = complete_course(teacher, title);
  const auto search = "/?q=" + percent_encoded(title);
  const auto page = "/courses/" + std::to_string(course);
  const auto card = "href=\"" + page + "\"";  // the page also shows the query itself
  // B has the catalog page in memory (anonymous pages are kept), without the course.
  ASSERT_EQ(request(port_b, "GET", search).status, 200);
  ASSERT_EQ(request(port_b, "GET", search).body.find(card), std::string::npos);
  ASSERT_EQ(request(port_b, "GET", page).status, 404);

  const auto course_api = "/api/v1/courses/" + std::to_string(course);
  ASSERT_EQ(request(port_a, "POST", course_api + "/submit", "{}", json_type + teacher.with_csrf()).status, 200);
  ASSERT_EQ(
      request(port_a, "POST", course_api + "/review", R"({"decision":"approve"})", json_type + reviewer.with_csrf())
          .status,
      200);
  // B's stamps are refreshed every half second: well within the second asked for. The
  // bound is generous (a loaded machine) and the time it took is printed.
  const auto published = std::chrono::steady_clock::now();
  bool seen = false;
  for (int i = 0; i < 60 && !seen; ++i) {  // at most 3 s
    seen = request(port_b, "GET", search).body.find(card) != std::string::npos;
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - published).count();
  EXPECT_TRUE(seen);
  std::printf("seen on B's catalog page %lld ms after A published it\n", static_cast<long long>(ms));
  EXPECT_EQ(request(port_b, "GET", page).status, 200);
}

// Sessions and sign-in limits live in Redis: a session made on one server is good on the
// other, and wrong passwords tried on both count together (5 per account).
TEST(Cluster, SessionsAndSignInLimitsAreTheSitesNotAServers) {
  site s(false);
  ASSERT_GT(s.a, 0);
  ASSERT_GT(s.b, 0);
  auto who = sign_up();
  for (auto port : {port_a, port_b}) {
    auto me = request(port, "GET", "/api/v1/me", "", who.cookie);
    EXPECT_EQ(me.status, 200);
    EXPECT_NE(me.body.find(who.username), std::string::npos);
  }
  const auto wrong = nlohmann::json{{"username", who.username}, {"password", "guess"}}.dump();
  int checked = 0;
  for (int i = 0; i < 8; ++i)
    checked += request(i % 2 ? port_b : port_a, "POST", "/api/v1/session", wrong, json_type).status == 401;
  EXPECT_EQ(checked, 5);
  EXPECT_EQ(request(port_b, "POST", "/api/v1/session", wrong, json_type).status, 429);
  EXPECT_EQ(request(port_a, "POST", "/api/v1/session", wrong, json_type).status, 429);
}

// The writer's lock lives in Redis (common/redis_lease.hpp): parts alternate between the
// servers, a second writer on the other server is told to wait, and after the server that
// was writing is killed outright the upload resumes through the other and is queued once.
TEST(Cluster, AnUploadAlternatingBetweenServersAndResumedAfterOneIsKilledKeepsItsBytes) {
  site s(false);
  ASSERT_GT(s.a, 0);
  ASSERT_GT(s.b, 0);
  auto teacher = sign_up(true);
  const auto lesson = new_lesson(teacher, "两台服务器上传");
  const auto bytes = random_bytes(5 * 1000 * 1000);
  const std::size_t part = 1000 * 1000;
  auto made = tus_create(port_a, teacher, bytes.size(), tus_metadata(lesson, "课.mp4", "video/mp4"));
  ASSERT_EQ(made.status, 201) << made.body;
  const auto url = made.header("location");
  for (std::size_t i = 0; i < 3; ++i) {  // A, B, A
    auto r = tus_patch(i % 2 ? port_b : port_a, teacher, url, i * part, bytes.substr(i * part, part));
    ASSERT_EQ(r.status, 204) << r.body;
  }

  // B starts the fourth part and holds it open; A is told to wait.
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port_b});
  const auto rest = bytes.substr(3 * part);
  const std::size_t sent = 300 * 1000;
  asio::write(socket, asio::buffer(tus_patch_head(teacher, url, 3 * part, rest.size()) + rest.substr(0, sent)));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(tus_patch(port_a, teacher, url, 3 * part, rest).status, 423);

  kill(s.b, SIGKILL);
  waitpid(s.b, nullptr, 0);
  s.b = -1;
  socket.close();
  const auto offset = std::stoull(tus_head(port_a, teacher, url).header("upload-offset"));
  EXPECT_GT(offset, 3 * part);
  EXPECT_LE(offset, 3 * part + sent);
  // B's lock is not renewed any more and lapses within its lifetime (10 s).
  http_result last;
  for (int i = 0; i < 40; ++i) {  // at most 20 s
    last = tus_patch(port_a, teacher, url, offset, bytes.substr(offset));
    if (last.status != 423) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ASSERT_EQ(last.status, 204) << last.body;
  const auto source = s.media / "incoming" / (std::to_string(lesson) + "-v1.src");
  EXPECT_EQ(lifelong::sha256_hex(file_text(source.string())), lifelong::sha256_hex(bytes));
  // Queued once: one job for the lesson in the stream.
  auto jobs = test_server::get().application->redis.command({"XRANGE", "jobs:transcode", "-", "+"});
  int queued = 0;
  for (const auto& job : jobs.elements)
    for (const auto& field : job.elements.size() > 1 ? job.elements[1].elements : decltype(job.elements){})
      queued += field.str.find("\"lesson_id\":" + std::to_string(lesson) + ",") != std::string::npos ||
                field.str.find("\"lesson_id\":" + std::to_string(lesson) + "}") != std::string::npos;
  EXPECT_EQ(queued, 1);
}
