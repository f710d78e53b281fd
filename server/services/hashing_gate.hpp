#pragma once
// At most `slots` password hashes at once. Argon2 takes tens of milliseconds and 64 MiB
// each: without a bound, a flood of anonymous sign-ins or registrations would take every
// blocking thread and make everyone else's page wait. Past the bound a caller waits a
// moment (a quarter of a second: it holds a blocking thread meanwhile) for a slot, then
// is told to come back (503 with Retry-After).
#include <chrono>
#include <condition_variable>
#include <mutex>

namespace lifelong::services {

class hashing_gate {
 public:
  hashing_gate(int slots, std::chrono::milliseconds patience) : free_(slots), patience_(patience) {}

  // Runs f in a slot; throws busy (errors.busy, 503 over HTTP) when none frees up in time.
  template <class F>
  auto run(F&& f) {
    const slot held(*this);
    return f();
  }

 private:
  struct slot {
    explicit slot(hashing_gate& g);
    ~slot();
    hashing_gate& gate;
  };
  std::mutex mutex_;
  std::condition_variable freed_;
  int free_;
  std::chrono::milliseconds patience_;
};

}  // namespace lifelong::services
