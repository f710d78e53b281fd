#pragma once
// The real lifelong-server and lifelong-transcoder binaries as processes of their own,
// over the test MariaDB and Redis. Each dies with the test binary (PR_SET_PDEATHSIG).
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace lifelong::test_env {

using environment = std::vector<std::pair<std::string, std::string>>;

// Starts lifelong-server on `port` with extra environment (and its log in `log_path`, if
// given); returns its pid once /healthz answers, or -1 (and a test failure).
pid_t start_server(unsigned short port, const environment& env, const std::string& log_path = "");
// Starts lifelong-transcoder named `name` on the media folder; returns at once.
pid_t start_transcoder(const std::string& name, const std::filesystem::path& media, int jobs = 1,
                       const environment& env = {});
// Starts another program (nginx, prometheus) in the foreground as this process's child,
// its output in `log_path`; returns at once.
pid_t start_program(const std::vector<std::string>& argv, const std::string& log_path);
// The exit code once the process ends within `seconds` (128 + signal if killed), else
// kills it and returns -1.
int wait_exit(pid_t pid, int seconds);

}  // namespace lifelong::test_env
