// Text people type: the UTF-8 check agrees with a decode-and-re-encode of its own, CSV
// cells never start a formula, verification codes typed from paper normalise or fail.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "services/text_rules.hpp"
#include "services/verification_code.hpp"
#include "view/csv_field.hpp"

using namespace lifelong;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const bool valid = services::is_utf8(text);
  if (valid && services::utf8_length(text) > text.size()) std::abort();
  if (services::fits_text(text, 200) && !valid) std::abort();
  const auto cell = view::csv_field(text);
  const char first = cell.size() > 1 && cell[0] == '"' ? cell[1] : (cell.empty() ? 'x' : cell[0]);
  if (first == '=' || first == '+' || first == '-' || first == '@') std::abort();
  if (auto code = services::normalise_verification_code(text)) (void)services::format_verification_code(*code);
  return 0;
}
