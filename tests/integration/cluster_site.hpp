#pragma once
// One site of several processes on one machine, over loopback, for the cluster tests:
// two lifelong-server processes (A and B) sharing the test MariaDB and Redis and one
// media folder, and, when asked, the edge: Debian's nginx with deploy/nginx/lifelong.conf
// (rendered for these ports by deploy/nginx/render), TLS included.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "env.hpp"
#include "processes.hpp"
#include "test_server.hpp"
#include "tus_client.hpp"

namespace lifelong::test_env {

constexpr unsigned short port_a = 18251, port_b = 18252, edge_port = 18253, edge_http_port = 18254, origin_port = 18255;

// Servers A and B (and the edge when asked), stopped when the test ends.
struct site {
  std::filesystem::path dir = fresh_dir("cluster");
  std::filesystem::path media = dir / "media";
  std::string secret = unique_name("link") + unique_name("secret");
  pid_t a = -1, b = -1, edge_pid = -1;
  bool edge = false;

  explicit site(bool with_edge, environment extra = {}) {
    std::filesystem::create_directories(media / "videos");
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
    EXPECT_TRUE(edge) << file_text((dir / "edge" / "error.log").string());
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
      std::istringstream lines(file_text((dir / log).string()));
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
inline edge_result through_edge(const site& s, const std::string& method, const std::string& path,
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
  r.body = file_text(body_file.string());
  std::istringstream lines(file_text(head_file.string()));
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
inline std::string cookie_of(const signed_in& who) {
  return who.cookie.substr(0, who.cookie.size() - 2);
}

}  // namespace lifelong::test_env
