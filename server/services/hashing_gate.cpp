#include "hashing_gate.hpp"

#include "error.hpp"

namespace lifelong::services {

hashing_gate::slot::slot(hashing_gate& g) : gate(g) {
  std::unique_lock lock(gate.mutex_);
  if (!gate.freed_.wait_for(lock, gate.patience_, [&] { return gate.free_ > 0; })) throw busy("errors.busy", 2);
  --gate.free_;
}

hashing_gate::slot::~slot() {
  {
    std::lock_guard lock(gate.mutex_);
    ++gate.free_;
  }
  gate.freed_.notify_one();
}

}  // namespace lifelong::services
