// tus Upload-Metadata from a client: parsed or refused, never more keys than pairs.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/tus_metadata.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = lifelong::http::parse_tus_metadata(text);
  if (parsed && parsed->size() > static_cast<std::size_t>(std::count(text.begin(), text.end(), ',')) + 1) std::abort();
  return 0;
}
