#pragma once
// Runs a program as a child (a crash on a hostile file kills only the child), reading
// its stdout line by line. stderr goes to a file for the logs. The child is killed
// when the thread that started it ends, even by SIGKILL.
#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace lifelong {

struct run_options {
  std::string working_dir;
  std::string stderr_path = "/dev/null";
  int niceness = 0;
  std::chrono::seconds silence_limit{300};    // killed when it prints nothing for this long
  const std::atomic<bool>* cancel = nullptr;  // killed when this becomes true
};

struct run_result {
  int exit_code = -1;  // -1 when killed or failed to start
  bool timed_out = false;
  bool cancelled = false;
  bool ok() const { return exit_code == 0; }
};

run_result run_child(const std::vector<std::string>& argv, const run_options& options,
                     const std::function<void(const std::string& line)>& on_line = {});

}  // namespace lifelong
