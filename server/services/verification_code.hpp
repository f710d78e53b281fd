#pragma once
// Certificate verification codes: 16 characters of Crockford's base32 (80 random
// bits), shown as XXXX-XXXX-XXXX-XXXX. Typed back by people reading paper, so input
// forgives case, spaces, dashes and the letters that look like digits (O, I, L).
#include <optional>
#include <string>

namespace lifelong::services {

std::string new_verification_code();
// The code in its stored form, or nullopt when it cannot be one.
std::optional<std::string> normalise_verification_code(const std::string& typed);
std::string format_verification_code(const std::string& code);

}  // namespace lifelong::services
