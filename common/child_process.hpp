#pragma once
// Runs a program as a child (a crash on a hostile file kills only the child), reading
// its stdout line by line. stderr goes to a file for the logs. The child is killed
// when the thread that started it ends, even by SIGKILL, and when it passes its limits.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lifelong {

// Limits the child runs under, so a hostile input can neither hang nor exhaust the
// machine. Zero means no limit.
struct child_limits {
  std::uint64_t cpu_seconds = 0;          // RLIMIT_CPU: SIGXCPU, then SIGKILL
  std::uint64_t address_space_bytes = 0;  // RLIMIT_AS
  std::uint64_t open_files = 0;           // RLIMIT_NOFILE
  std::uint64_t file_size_bytes = 0;      // RLIMIT_FSIZE: no file written larger
  std::chrono::seconds deadline{0};       // killed after this long, output or not
};

struct run_options {
  std::string working_dir;
  std::string stderr_path = "/dev/null";
  int niceness = 0;
  std::chrono::seconds silence_limit{300};    // killed when it prints nothing for this long
  const std::atomic<bool>* cancel = nullptr;  // killed when this becomes true
  child_limits limits;
};

struct run_result {
  int exit_code = -1;  // -1 when killed or failed to start
  bool timed_out = false;
  bool cancelled = false;
  int signal = 0;  // the signal that ended it, if one did (SIGXCPU: out of CPU time)
  bool ok() const { return exit_code == 0; }
};

// The limits of a short ffmpeg job on a small file a person sent (captions, a cover
// picture): 20 s, 10 s of CPU, 1 GiB, 32 files, nothing written over 16 MiB.
run_options small_file_job();

run_result run_child(const std::vector<std::string>& argv, const run_options& options,
                     const std::function<void(const std::string& line)>& on_line = {});

}  // namespace lifelong
