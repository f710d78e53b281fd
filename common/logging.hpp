#pragma once
#include <string>

namespace lifelong {
// One console logger for the process, named after it.
void init_logging(const std::string& process_name);
// Ends logging (flushes, stops the flusher) when it goes out of scope. Declared in main
// before anything that logs from a thread of its own (the shared-version refresher), so
// those threads have stopped first and never log through a logger already dropped.
struct logging_scope {
  logging_scope() = default;
  logging_scope(const logging_scope&) = delete;
  logging_scope& operator=(const logging_scope&) = delete;
  ~logging_scope();
};
}  // namespace lifelong
