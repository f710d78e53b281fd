// One site of several processes on one machine, over loopback: two lifelong-server
// processes (A and B) sharing the test MariaDB and Redis and one media folder, and, where
// a test needs it, the edge: Debian's nginx with deploy/nginx/lifelong.conf (rendered for
// these ports by deploy/nginx/render), TLS included. The in-process test server only
// signs people up. Every loop here is bounded.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "common/tokens.hpp"
#include "env.hpp"
#include "org_fixture.hpp"
#include "processes.hpp"
#include "services/media_links.hpp"
#include "storage/sql.hpp"
#include "tus_client.hpp"

using namespace lifelong::test_env;
namespace asio = boost::asio;
namespace fs = std::filesystem;

namespace {
constexpr unsigned short port_a = 18251, port_b = 18252, edge_port = 18253, edge_http_port = 18254, origin_port = 18255;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Servers A and B (and the edge when asked), stopped when the test ends.
struct site {
  fs::path dir = fresh_dir("cluster");
  fs::path media = dir / "media";
  std::string secret = unique_name("link") + unique_name("secret");
  pid_t a = -1, b = -1, edge_pid = -1;
  bool edge = false;

  explicit site(bool with_edge, environment extra = {}) {
    fs::create_directories(media / "videos");
    environment env{{"LIFELONG_MEDIA_DIR", media.string()},
                    {"LIFELONG_MEDIA_LINK_SECRET", secret},
                    {"LIFELONG_SERVER_TRUST_PROXY", "true"}};
    env.insert(env.end(), extra.begin(), extra.end());
    a = start_server(port_a, env, (dir / "a.log").string());
    b = start_server(port_b, env, (dir / "b.log").string());
    if (!with_edge) return;
    std::ofstream(dir / "secret") << secret;
    const auto render = std::string("bash ") + LIFELONG_SOURCE_DIR "/deploy/nginx/render " + (dir / "edge").string() +
                        " " + std::to_string(edge_port) + " " + std::to_string(edge_http_port) + " " +
                        std::to_string(origin_port) + " " + media.string() + " " + (dir / "secret").string() + " " +
                        std::to_string(port_a) + " " + std::to_string(port_b);
    EXPECT_EQ(shell(render), 0);
    // In the foreground, as this process's child: it goes when the test binary goes.
    const auto conf = (dir / "edge" / "nginx.conf").string();
    edge_pid = fork();
    if (edge_pid == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      execlp("nginx", "nginx", "-c", conf.c_str(), "-g", "daemon off;", nullptr);
      _exit(127);
    }
    for (int i = 0; i < 100 && !edge; ++i) {  // at most 10 s
      edge = shell("curl -sk -o /dev/null https://127.0.0.1:" + std::to_string(edge_port) + "/healthz") == 0;
      if (!edge) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(edge) << read_file(dir / "edge" / "error.log");
  }
  ~site() {
    for (pid_t pid : {a, b})
      if (pid > 0) {
        kill(pid, SIGTERM);
        wait_exit(pid, 30);
      }
    if (edge_pid > 0) {
      kill(edge_pid, SIGTERM);
      wait_exit(edge_pid, 30);
    }
  }
  // Requests that reached the servers for paths containing `part` (each logs every
  // request, and writes its log out every second).
  int requests_reaching_servers(const std::string& part) const {
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    int n = 0;
    for (const auto* log : {"a.log", "b.log"}) {
      std::istringstream lines(read_file(dir / log));
      for (std::string line; std::getline(lines, line);) n += line.find(part) != std::string::npos;
    }
    return n;
  }
};

// An exchange with the edge over TLS, by curl (the tests' own client speaks plain HTTP).
struct edge_result {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};
edge_result through_edge(const site& s, const std::string& method, const std::string& path,
                         const std::string& body = "", const std::vector<std::string>& headers = {}) {
  const auto tag = unique_name("x");
  const auto head_file = s.dir / (tag + ".head"), body_file = s.dir / (tag + ".body"), sent = s.dir / (tag + ".sent");
  std::ofstream(sent, std::ios::binary) << body;
  std::string command = "curl -sk --max-time 20 -X " + method + " -D " + head_file.string() + " -o " +
                        body_file.string() + " --data-binary @" + sent.string();
  for (const auto& h : headers) command += " -H '" + h + "'";
  command += " 'https://127.0.0.1:" + std::to_string(edge_port) + path + "'";
  EXPECT_EQ(shell(command), 0) << command;
  edge_result r;
  r.body = read_file(body_file);
  std::istringstream lines(read_file(head_file));
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind("HTTP/", 0) == 0) {
      r.status = std::stoi(line.substr(line.find(' ') + 1, 3));
      r.headers.clear();  // a 100 Continue comes first sometimes
      continue;
    }
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    r.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
  }
  return r;
}
// The Cookie line of a signed-in person, as curl takes it.
std::string cookie_of(const signed_in& who) {
  return who.cookie.substr(0, who.cookie.size() - 2);
}

// A published course whose lesson's files are on the shared storage: a master playlist, a
// rung's playlist and segment, and a poster. Returns the lesson's id.
std::uint64_t published_with_files(const site& s, const signed_in& teacher, std::string& segment) {
  const auto course = published_course(teacher, unique_name("边缘缓存课程"), "anti_fraud");
  const auto api = nlohmann::json::parse(
      request(test_server::get().port, "GET", "/api/v1/courses/" + std::to_string(course), "", teacher.cookie).body);
  const auto lesson = api["lessons"][0]["id"].get<std::uint64_t>();
  const auto folder = s.media / "videos" / std::to_string(lesson) / "v1";
  fs::create_directories(folder / "360p");
  std::ofstream(folder / "master.m3u8") << "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=400000\n360p/index.m3u8\n";
  std::ofstream(folder / "360p" / "index.m3u8") << "#EXTM3U\n#EXTINF:4,\nseg_000.ts\n#EXT-X-ENDLIST\n";
  segment = random_bytes(300 * 1000);
  std::ofstream(folder / "360p" / "seg_000.ts", std::ios::binary) << segment;
  std::ofstream(folder / "poster.jpg", std::ios::binary) << random_bytes(2000);
  return lesson;
}
// "/media/t/<expires>/<token>/lessons/<id>/v1" from a lesson's JSON as this person gets it.
std::string media_folder(std::uint64_t lesson, const signed_in& who, const site& s) {
  const auto r = through_edge(s, "GET", "/api/v1/lessons/" + std::to_string(lesson), "", {cookie_of(who)});
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return "";
  const std::string hls = nlohmann::json::parse(r.body)["media"]["hls"];
  return hls.substr(0, hls.rfind('/'));
}
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
  EXPECT_EQ(lifelong::sha256_hex(read_file(source)), lifelong::sha256_hex(bytes));
  // Queued once: one job for the lesson in the stream.
  auto jobs = test_server::get().application->redis.command({"XRANGE", "jobs:transcode", "-", "+"});
  int queued = 0;
  for (const auto& job : jobs.elements)
    for (const auto& field : job.elements.size() > 1 ? job.elements[1].elements : decltype(job.elements){})
      queued += field.str.find("\"lesson_id\":" + std::to_string(lesson) + ",") != std::string::npos ||
                field.str.find("\"lesson_id\":" + std::to_string(lesson) + "}") != std::string::npos;
  EXPECT_EQ(queued, 1);
}

TEST(Cluster, TheEdgeServesSignedMediaFromItsCacheAndRefusesWhatTheApplicationWould) {
  site s(true);
  ASSERT_TRUE(s.edge);
  auto teacher = sign_up(true);
  auto resident = sign_up();
  std::string segment;
  const auto lesson = published_with_files(s, teacher, segment);
  const auto folder = media_folder(lesson, resident, s);
  ASSERT_FALSE(folder.empty());

  // Served by the edge, the second time from its cache; the servers never see a segment.
  auto first = through_edge(s, "GET", folder + "/360p/seg_000.ts");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body, segment);
  EXPECT_EQ(first.header("x-cache-status"), "MISS");
  auto second = through_edge(s, "GET", folder + "/360p/seg_000.ts");
  EXPECT_EQ(second.status, 200);
  EXPECT_EQ(second.body, segment);
  EXPECT_EQ(second.header("x-cache-status"), "HIT");
  EXPECT_EQ(second.header("cache-control"), "public, max-age=31536000, immutable");
  // A playlist comes from a server, then from the cache for a minute.
  EXPECT_EQ(through_edge(s, "GET", folder + "/master.m3u8").status, 200);
  EXPECT_EQ(through_edge(s, "GET", folder + "/master.m3u8").header("x-cache-status"), "HIT");
  EXPECT_EQ(s.requests_reaching_servers("seg_000.ts"), 0);
  EXPECT_EQ(s.requests_reaching_servers("master.m3u8"), 1);  // the servers' logs are read
  EXPECT_EQ(through_edge(s, "GET", folder + "/poster.jpg").status, 200);

  // A token opens its own lesson's folder only; altered or expired, it opens nothing.
  std::string other_segment;
  const auto other = published_with_files(s, teacher, other_segment);
  const auto lesson_part = "/lessons/" + std::to_string(lesson) + "/";
  auto borrowed = folder;
  borrowed.replace(borrowed.find(lesson_part), lesson_part.size(), "/lessons/" + std::to_string(other) + "/");
  EXPECT_EQ(through_edge(s, "GET", borrowed + "/360p/seg_000.ts").status, 403);
  EXPECT_EQ(through_edge(s, "GET", borrowed + "/master.m3u8").status, 403);
  auto altered = folder;
  const auto token_at = altered.find('/', std::string("/media/t/").size()) + 1;
  altered[token_at] = altered[token_at] == 'A' ? 'B' : 'A';
  EXPECT_EQ(through_edge(s, "GET", altered + "/360p/seg_000.ts").status, 403);
  const lifelong::services::media_links past(s.secret, std::chrono::seconds(60),
                                             [] { return lifelong::services::media_links::system_seconds() - 3600; });
  const auto expired = past.folder(lesson, 1);
  EXPECT_EQ(through_edge(s, "GET", expired + "/360p/seg_000.ts").status, 410);
  // With no edge in front, the server refuses them the same way.
  EXPECT_EQ(request(port_a, "GET", borrowed + "/360p/seg_000.ts").status, 403);
  EXPECT_EQ(request(port_a, "GET", altered + "/360p/seg_000.ts").status, 403);
  EXPECT_EQ(request(port_a, "GET", expired + "/360p/seg_000.ts").status, 410);
  EXPECT_EQ(request(port_a, "GET", folder + "/360p/seg_000.ts").body, segment);

  // A draft's media: the teacher gets a link; a resident gets none, and the teacher's
  // link does not give them the playlist (nor does the edge keep that playlist).
  const auto draft = new_lesson(teacher, "边缘草稿");
  test_server::get().application->db.with([&](sql::Connection& db) {
    lifelong::storage::change(db, "UPDATE lessons SET status = 'ready', media_version = 1 WHERE id = ?", draft);
  });
  const auto draft_folder = s.media / "videos" / std::to_string(draft) / "v1";
  fs::create_directories(draft_folder);
  std::ofstream(draft_folder / "master.m3u8") << "#EXTM3U\n";
  const auto teachers_link = media_folder(draft, teacher, s);
  ASSERT_FALSE(teachers_link.empty());
  EXPECT_EQ(through_edge(s, "GET", "/api/v1/lessons/" + std::to_string(draft), "", {cookie_of(resident)}).status, 404);
  EXPECT_EQ(through_edge(s, "GET", teachers_link + "/master.m3u8", "", {cookie_of(teacher)}).status, 200);
  auto refused = through_edge(s, "GET", teachers_link + "/master.m3u8", "", {cookie_of(resident)});
  EXPECT_EQ(refused.status, 404);
  EXPECT_NE(refused.header("x-cache-status"), "HIT");
  EXPECT_EQ(
      through_edge(s, "GET", "/media/lessons/" + std::to_string(draft) + "/v1/master.m3u8", "", {cookie_of(resident)})
          .status,
      404);
}

// Residents report progress through the edge while server A is killed outright: every
// report a server acknowledged is counted, and the edge sends the rest to B.
TEST(Cluster, ProgressReportedThroughTheEdgeWhileAServerIsKilledLosesNoAcknowledgedSecond) {
  site s(true, {{"LIFELONG_LEARNING_SLACK_SECONDS", "100000"}});
  ASSERT_TRUE(s.edge);
  auto teacher = sign_up(true);
  const auto course = published_course(teacher, unique_name("边缘进度"), "health");
  const auto api = nlohmann::json::parse(
      request(test_server::get().port, "GET", "/api/v1/courses/" + std::to_string(course), "", teacher.cookie).body);
  const auto lesson = std::to_string(api["lessons"][0]["id"].get<std::uint64_t>());
  std::vector<signed_in> residents{sign_up(), sign_up(), sign_up()};
  std::vector<double> acknowledged(residents.size(), 0);
  int answered = 0, reports = 0;
  for (int round = 1; round <= 30; ++round) {  // 90 reports
    if (round == 10) {
      kill(s.a, SIGKILL);
      waitpid(s.a, nullptr, 0);
      s.a = -1;
    }
    for (std::size_t i = 0; i < residents.size(); ++i) {
      const double end = 3.0 * round;
      const auto body = nlohmann::json{{"ranges", {{0, end}}}, {"position_ms", end * 1000}}.dump();
      auto r = through_edge(
          s, "POST", "/api/v1/lessons/" + lesson + "/progress", body,
          {cookie_of(residents[i]), "X-CSRF-Token: " + residents[i].csrf, "Content-Type: application/json"});
      ++reports;
      if (r.status == 200) {
        acknowledged[i] = end;
        ++answered;
      }
    }
  }
  // Only a report in flight when A died may go unanswered (it is sent again next time).
  EXPECT_GE(answered, reports - 3);
  for (std::size_t i = 0; i < residents.size(); ++i) {
    auto r = request(port_b, "POST", "/api/v1/lessons/" + lesson + "/progress",
                     nlohmann::json{{"ranges", {{0, 0.5}}}}.dump(), json_type + residents[i].with_csrf());
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_GE(nlohmann::json::parse(r.body)["lesson"]["percent"].get<int>(), static_cast<int>(acknowledged[i]) - 1)
        << "lesson of 100 s, " << acknowledged[i] << " s acknowledged";
  }
}
