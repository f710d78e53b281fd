#include "logging.hpp"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <iostream>

namespace lifelong {
void init_logging(const std::string& process_name) {
  // Buffered stdout (a file or journald in practice), flushed every second and at once
  // for warnings: a write per request line would cost the server a syscall per request.
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(std::cout, false);
  auto logger = std::make_shared<spdlog::logger>(process_name, sink);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %n %l %v");
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
}

logging_scope::~logging_scope() {
  spdlog::shutdown();
}
}  // namespace lifelong
