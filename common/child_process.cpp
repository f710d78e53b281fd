#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace lifelong {
namespace {

// Called between fork and exec: setrlimit is a plain system call.
void apply_limit(int resource, std::uint64_t value) {
  if (value == 0) return;
  rlimit current{};
  if (getrlimit(resource, &current) != 0) _exit(126);
  // Never above what the service itself may use (systemd's LimitAS= and the like):
  // raising a hard limit needs privileges, and the child would not start.
  const auto capped = [&](rlim_t v) { return current.rlim_max == RLIM_INFINITY ? v : std::min(v, current.rlim_max); };
  rlimit limit{capped(static_cast<rlim_t>(value)), capped(static_cast<rlim_t>(value))};
  // RLIMIT_CPU sends SIGXCPU at the soft limit; the hard limit a second later kills.
  if (resource == RLIMIT_CPU) limit.rlim_max = capped(static_cast<rlim_t>(value + 1));
  if (setrlimit(resource, &limit) != 0) _exit(126);
}

}  // namespace

run_result run_child(const std::vector<std::string>& argv, const run_options& options,
                     const std::function<void(const std::string&)>& on_line) {
  run_result result;
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) return result;

  // Everything the child needs is prepared before fork: between fork and exec it may
  // only make async-signal-safe calls.
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    // Dies with the thread that started it: a transcoder killed with SIGKILL leaves no
    // ffmpeg encoding on for nobody. (Why not posix_spawn: it cannot set this.)
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    dup2(out[1], STDOUT_FILENO);
    const int err = open(options.stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (err >= 0) dup2(err, STDERR_FILENO);
    const int in = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (in >= 0) dup2(in, STDIN_FILENO);
    if (!options.working_dir.empty() && chdir(options.working_dir.c_str()) != 0) _exit(127);
    if (options.niceness > 0) setpriority(PRIO_PROCESS, 0, options.niceness);
    apply_limit(RLIMIT_CPU, options.limits.cpu_seconds);
    apply_limit(RLIMIT_AS, options.limits.address_space_bytes);
    apply_limit(RLIMIT_NOFILE, options.limits.open_files);
    apply_limit(RLIMIT_FSIZE, options.limits.file_size_bytes);
    execvp(args[0], args.data());
    _exit(127);
  }
  close(out[1]);
  if (pid < 0) {
    close(out[0]);
    return result;
  }

  std::string pending;
  const auto started = std::chrono::steady_clock::now();
  auto last_output = started;
  const auto past_deadline = [&] {
    return options.limits.deadline.count() > 0 && std::chrono::steady_clock::now() - started > options.limits.deadline;
  };
  char buf[4096];
  for (;;) {
    pollfd p{out[0], POLLIN, 0};
    int ready = poll(&p, 1, 500);
    if (options.cancel && options.cancel->load()) {
      result.cancelled = true;
      break;
    }
    if (ready < 0 && errno != EINTR) break;
    if (past_deadline()) {
      result.timed_out = true;
      break;
    }
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
  int status = 0;
  // A child that closed its stdout may still be running: the deadline holds until it exits.
  while (!result.cancelled && !result.timed_out) {
    if (options.cancel && options.cancel->load()) {
      result.cancelled = true;
      break;
    }
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) break;
    if (past_deadline())
      result.timed_out = true;
    else if (done == 0)
      usleep(20 * 1000);
  }
  if (result.cancelled || result.timed_out) {
    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (!result.cancelled && !result.timed_out && WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

run_options small_file_job() {
  run_options options;
  options.silence_limit = std::chrono::seconds(20);
  options.limits.deadline = std::chrono::seconds(20);
  options.limits.cpu_seconds = 10;
  options.limits.address_space_bytes = 1ULL << 30;
  options.limits.open_files = 32;
  options.limits.file_size_bytes = 16ULL << 20;
  return options;
}

}  // namespace lifelong
