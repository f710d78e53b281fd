// Through the edge of one site (tests/integration/cluster_site.hpp): media from the
// edge's cache by signed links, refused as the application would refuse it, and progress
// reports that survive a server killed outright. Every loop here is bounded.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cluster_site.hpp"
#include "org_fixture.hpp"
#include "services/media_links.hpp"
#include "storage/sql.hpp"

using namespace lifelong::test_env;
namespace fs = std::filesystem;

namespace {
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
}  // namespace

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
  // A hidden file in the folder is not media: the edge leaves it to the servers, which refuse it.
  std::ofstream(s.media / "videos" / std::to_string(lesson) / "v1" / ".hidden") << "not for anyone";
  EXPECT_EQ(through_edge(s, "GET", folder + "/.hidden").status, 404);
  // Nor are the servers' metrics, which Prometheus reads from the servers themselves.
  EXPECT_EQ(through_edge(s, "GET", "/metrics").status, 404);

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
