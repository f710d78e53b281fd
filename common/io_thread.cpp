#include "io_thread.hpp"

#include <string>

namespace lifelong {
namespace {
thread_local bool io_thread = false;
}

io_thread_mark::io_thread_mark() : was_(io_thread) {
  io_thread = true;
}
io_thread_mark::~io_thread_mark() {
  io_thread = was_;
}

bool on_io_thread() {
  return io_thread;
}

void refuse_on_io_thread(const char* what) {
  if (io_thread)
    throw std::logic_error(std::string(what) + " called on an event loop's thread (use the blocking pool)");
}

}  // namespace lifelong
