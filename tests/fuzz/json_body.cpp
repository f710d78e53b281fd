// JSON bodies of the API: any bytes either parse into an object whose fields are read
// with a readable refusal, or are refused as bad JSON; what is accepted keeps the
// promised bounds (ranges within a day and in order, positions within a day).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "handlers/json_input.hpp"
#include "http/errors.hpp"

using namespace lifelong;

namespace {
template <class Fn>
void refused_or(Fn&& read) {
  try {
    read();
  } catch (const http::http_error& e) {
    if (e.status != 400 || e.message_key.rfind("errors.", 0) != 0) std::abort();
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  nlohmann::json j;
  try {
    j = handlers::json_object(body);
  } catch (const http::http_error& e) {
    if (e.status != 400) std::abort();
    return 0;
  }
  refused_or([&] { (void)handlers::course_fields_of(j); });
  refused_or([&] {
    const auto report = handlers::progress_report_of(j);
    if (report.ranges.size() > services::max_ranges_per_report) std::abort();
    for (const auto& [start, end] : report.ranges)
      if (!(start >= 0 && start <= end && end <= 24.0 * 3600)) std::abort();
  });
  refused_or([&] {
    if (auto p = j.find("position_ms"); p != j.end() && handlers::position_of(*p) > 24u * 3600 * 1000) std::abort();
  });
  refused_or([&] {
    for (const auto unit : handlers::unit_ids_of(j))
      if (unit == 0) std::abort();
  });
  (void)handlers::json_text(j, "title");
  return 0;
}
