// /metrics as an operator uses it: Debian's prometheus, with the shipped scrape config
// and alert rules (deploy/prometheus, rendered for these ports), scrapes a real
// lifelong-server and lifelong-transcoder over loopback; its HTTP API then says both
// are up and a request counter moved.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "common/tokens.hpp"
#include "env.hpp"
#include "http_client.hpp"
#include "processes.hpp"
#include "tus_client.hpp"

using namespace lifelong;
using namespace lifelong::test_env;
using nlohmann::json;

namespace {

constexpr unsigned short server_port = 18261, transcoder_metrics_port = 18262, prometheus_port = 18263;

std::string basic(const std::string& password) {
  return "Authorization: Basic " + base64_encode("prometheus:" + password) + "\r\n";
}

// One instant query's result vector.
json query(const std::string& promql) {
  std::string encoded;
  for (unsigned char c : promql) {
    if (std::isalnum(c)) {
      encoded += static_cast<char>(c);
    } else {
      char hex[4];
      std::snprintf(hex, sizeof hex, "%%%02X", c);
      encoded += hex;
    }
  }
  auto r = request(prometheus_port, "GET", "/api/v1/query?query=" + encoded);
  auto j = json::parse(r.body, nullptr, false);
  if (r.status != 200 || j.is_discarded() || j.value("status", "") != "success") return json::array();
  return j["data"]["result"];
}

double value_of(const json& sample) {
  return std::stod(sample["value"][1].get<std::string>());
}

// Waits (at most `seconds`) until `ok` holds for the query's result.
template <class Pred>
bool eventually(const std::string& promql, Pred ok, int seconds = 30) {
  for (int i = 0; i < seconds * 4; ++i) {
    try {
      if (ok(query(promql))) return true;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return false;
}

struct processes {
  std::vector<pid_t> pids;
  ~processes() {
    for (pid_t pid : pids)
      if (pid > 0) {
        kill(pid, SIGTERM);
        wait_exit(pid, 20);
      }
  }
};

}  // namespace

TEST(Prometheus, ScrapesTheServerAndTheTranscoderWithTheShippedConfig) {
  const auto dir = fresh_dir("prometheus");
  const std::string token = unique_name("metrics") + unique_name("token");
  std::ofstream(dir / "token") << token;
  const environment env{{"LIFELONG_METRICS_TOKEN", token},
                        {"LIFELONG_METRICS_TRANSCODER_LISTEN", "127.0.0.1:" + std::to_string(transcoder_metrics_port)},
                        {"LIFELONG_MEDIA_DIR", (dir / "media").string()}};
  processes running;
  running.pids.push_back(start_server(server_port, env, (dir / "server.log").string()));
  running.pids.push_back(start_transcoder(unique_name("metrics"), dir / "media", 1, env));

  // Who may read the server's metrics: loopback straight to it, or the token.
  EXPECT_EQ(request(server_port, "GET", "/metrics").status, 200);
  EXPECT_EQ(request(server_port, "GET", "/metrics", "", "X-Forwarded-For: 203.0.113.9\r\n").status, 404);
  EXPECT_EQ(request(server_port, "GET", "/metrics", "", "X-Forwarded-For: 203.0.113.9\r\n" + basic("wrong")).status,
            404);
  EXPECT_EQ(request(server_port, "GET", "/metrics", "", "X-Forwarded-For: 203.0.113.9\r\n" + basic(token)).status, 200);
  // The transcoder's listener asks for the token (it is set).
  http_result t;
  for (int i = 0; i < 100 && t.status == 0; ++i) {  // it starts in the background: at most 10 s
    try {
      t = request(transcoder_metrics_port, "GET", "/metrics");
    } catch (const std::exception&) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  EXPECT_EQ(t.status, 401);
  auto own = request(transcoder_metrics_port, "GET", "/metrics", "", basic(token));
  EXPECT_EQ(own.status, 200);
  EXPECT_NE(own.body.find("lifelong_transcode_queue_length"), std::string::npos) << own.body;

  const auto render = "bash " LIFELONG_SOURCE_DIR "/deploy/prometheus/render " + (dir / "prom").string() + " 1s " +
                      (dir / "token").string() + " 127.0.0.1:" + std::to_string(server_port) +
                      " 127.0.0.1:" + std::to_string(transcoder_metrics_port);
  ASSERT_EQ(shell(render), 0);
  running.pids.push_back(start_program({"prometheus", "--config.file=" + (dir / "prom" / "prometheus.yml").string(),
                                        "--storage.tsdb.path=" + (dir / "prom" / "data").string(),
                                        "--web.listen-address=127.0.0.1:" + std::to_string(prometheus_port)},
                                       (dir / "prometheus.log").string()));

  EXPECT_TRUE(eventually("up == 1",
                         [](const json& result) {
                           std::set<std::string> jobs;
                           for (const auto& s : result) jobs.insert(s["metric"]["job"].get<std::string>());
                           return jobs.count("lifelong-server") && jobs.count("lifelong-transcoder");
                         }))
      << query("up").dump() << file_text((dir / "prometheus.log").string());

  // A counter moves by what was asked: the first scrape's value, five requests, a later one.
  const std::string healthz = R"(sum(lifelong_http_requests_total{route="/healthz",status="200"}))";
  double before = -1;
  ASSERT_TRUE(eventually(healthz, [&](const json& result) {
    if (result.empty()) return false;
    before = value_of(result[0]);
    return true;
  }));
  for (int i = 0; i < 5; ++i) EXPECT_EQ(request(server_port, "GET", "/healthz").status, 200);
  double after = before;
  EXPECT_TRUE(eventually(healthz,
                         [&](const json& result) {
                           if (!result.empty()) after = value_of(result[0]);
                           return after >= before + 5;
                         }))
      << before << " → " << after;
  // The transcoder's queue reading and the shipped alert rules are loaded too.
  EXPECT_TRUE(eventually("lifelong_transcode_queue_length", [](const json& r) { return !r.empty(); }));
  auto rules = request(prometheus_port, "GET", "/api/v1/rules");
  EXPECT_NE(rules.body.find("LifelongTranscoderGone"), std::string::npos) << rules.body;
}
