// A search box's text, split into the terms the index is asked for: bounded in number,
// never empty.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "services/search_terms.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto terms = lifelong::services::query_terms(text);
  if (terms.size() > 16) std::abort();
  for (const auto& t : terms)
    if (t.empty()) std::abort();
  (void)lifelong::services::terms_of(text, true);
  return 0;
}
