#pragma once
// The event loops' threads must never block: one slow MySQL or Redis call there stalls
// every connection on that loop. A loop's thread carries an io_thread_mark while it runs,
// and the pools refuse to hand out a connection on such a thread (a bug, so it throws
// std::logic_error and the request answers 500), which makes blocking work reachable only
// through the blocking pool.
#include <stdexcept>

namespace lifelong {

class io_thread_mark {
 public:
  io_thread_mark();
  ~io_thread_mark();
  io_thread_mark(const io_thread_mark&) = delete;
  io_thread_mark& operator=(const io_thread_mark&) = delete;

 private:
  bool was_;
};

bool on_io_thread();

// Throws std::logic_error naming `what` when called on an event loop's thread.
void refuse_on_io_thread(const char* what);

}  // namespace lifelong
