// The units CSV an administrator uploads (UTF-8 or GBK, any line ends): every row it
// keeps has a path of one to four names that fit their column.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "services/text_rules.hpp"
#include "services/unit_csv.hpp"

using namespace lifelong::services;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size > 256 * 1024) return 0;  // the API's body limit is far below what matters here
  const auto sheet = read_unit_csv(std::string(reinterpret_cast<const char*>(data), size));
  for (const auto& row : sheet.rows) {
    if (row.path.empty() || row.path.size() > 4) std::abort();
    for (const auto& name : row.path)
      if (!fits_text(name, 50) || has_control_bytes(name)) std::abort();
  }
  return 0;
}
