#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>

extern char** environ;

namespace lifelong {

run_result run_child(const std::vector<std::string>& argv, const run_options& options,
                     const std::function<void(const std::string&)>& on_line) {
  run_result result;
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return result;

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, options.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (!options.working_dir.empty()) posix_spawn_file_actions_addchdir_np(&actions, options.working_dir.c_str());

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  if (spawned != 0) {
    close(out[0]);
    return result;
  }
  if (options.niceness > 0) setpriority(PRIO_PROCESS, pid, options.niceness);

  std::string pending;
  auto last_output = std::chrono::steady_clock::now();
  char buf[4096];
  for (;;) {
    pollfd p{out[0], POLLIN, 0};
    int ready = poll(&p, 1, 500);
    if (options.cancel && options.cancel->load()) {
      result.cancelled = true;
      break;
    }
    if (ready < 0 && errno != EINTR) break;
    if (ready > 0) {
      ssize_t n = read(out[0], buf, sizeof buf);
      if (n <= 0) break;  // the child closed stdout: it is finishing
      last_output = std::chrono::steady_clock::now();
      pending.append(buf, static_cast<std::size_t>(n));
      for (auto nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n')) {
        if (on_line) on_line(pending.substr(0, nl));
        pending.erase(0, nl + 1);
      }
    } else if (std::chrono::steady_clock::now() - last_output > options.silence_limit) {
      result.timed_out = true;
      break;
    }
  }
  close(out[0]);
  if (result.cancelled || result.timed_out) kill(pid, SIGKILL);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!result.cancelled && !result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace lifelong
