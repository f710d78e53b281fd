#include "logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace lifelong {
void init_logging(const std::string& process_name) {
  auto logger = spdlog::stdout_logger_mt(process_name);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %n %l %v");
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}
}  // namespace lifelong
