// Form bodies and percent-encoding: decoding never reads past the input, and what
// url_encode writes decodes back to the same bytes (unless they hold a NUL, which
// url_decode refuses on purpose).
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/form.hpp"

using namespace lifelong;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& [key, value] : http::parse_urlencoded(text)) (void)key, (void)value;
  (void)http::url_decode(text, true);
  const auto round = http::url_decode(http::url_encode(text), false);
  if (text.find('\0') == std::string_view::npos && (!round || *round != text)) std::abort();
  if (text.find('\0') != std::string_view::npos && round) std::abort();
  return 0;
}
