#pragma once
#include <string>

namespace lifelong {
// One console logger for the process, named after it.
void init_logging(const std::string& process_name);
}  // namespace lifelong
