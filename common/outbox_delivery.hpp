#pragma once
// What one round of an outbox's delivery did (the xAPI statements, the mail).
#include <string>

namespace lifelong {

struct outbox_delivery {
  int sent = 0;
  bool failed = false;  // the other side refused or could not be reached; the rest waits
  std::string error;
  bool busy = false;  // another process is delivering
};

}  // namespace lifelong
