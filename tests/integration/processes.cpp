#include "processes.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "http_client.hpp"

namespace lifelong::test_env {
namespace fs = std::filesystem;

pid_t start_server(unsigned short port, const environment& env, const std::string& log_path) {
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // a test that stops early takes its server with it
    if (!log_path.empty() && !std::freopen(log_path.c_str(), "w", stdout)) _exit(127);
    setenv("LIFELONG_SERVER_PORT", std::to_string(port).c_str(), 1);
    setenv("LIFELONG_SERVER_TEMPLATES_DIR", LIFELONG_SOURCE_DIR "/templates", 1);
    setenv("LIFELONG_SERVER_STATIC_DIR", LIFELONG_SOURCE_DIR "/static", 1);
    // Every test registers and signs in from 127.0.0.1, and the counts live in the shared
    // Redis: no per-address limits here (their own tests use small ones on purpose).
    setenv("LIFELONG_LOGIN_MAX_REGISTRATIONS_PER_ADDRESS", "1000000", 1);
    setenv("LIFELONG_LOGIN_MAX_FAILURES_PER_ADDRESS", "1000000", 1);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    execl(LIFELONG_SERVER_BINARY, LIFELONG_SERVER_BINARY, LIFELONG_SOURCE_DIR "/config/lifelong.toml", nullptr);
    _exit(127);
  }
  for (int i = 0; i < 200; ++i) {  // at most 20 s
    try {
      if (request(port, "GET", "/healthz").status == 200) return pid;
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  ADD_FAILURE() << "lifelong-server did not start";
  return -1;
}

pid_t start_program(const std::vector<std::string>& argv, const std::string& log_path) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (!std::freopen(log_path.c_str(), "w", stdout) || !std::freopen(log_path.c_str(), "a", stderr)) _exit(127);
    execvp(args[0], args.data());
    _exit(127);
  }
  return pid;
}

int wait_exit(pid_t pid, int seconds) {
  for (int i = 0; i < seconds * 10; ++i) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return -1;
}

pid_t start_transcoder(const std::string& name, const fs::path& media, int jobs, const environment& env) {
  pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    setenv("LIFELONG_TRANSCODER_JOBS", std::to_string(jobs).c_str(), 1);
    setenv("LIFELONG_TRANSCODER_NAME", name.c_str(), 1);
    setenv("LIFELONG_MEDIA_DIR", media.c_str(), 1);
    setenv("LIFELONG_TRANSCODER_BLOCK_MS", "200", 1);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    execl(LIFELONG_TRANSCODER_BINARY, LIFELONG_TRANSCODER_BINARY, LIFELONG_SOURCE_DIR "/config/lifelong.toml", nullptr);
    _exit(127);
  }
  return pid;
}

}  // namespace lifelong::test_env
