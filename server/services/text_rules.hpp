#pragma once
// What text from people may be stored: columns are sized in characters (VARCHAR(200)
// holds 200 Chinese characters, 600 bytes), and MariaDB refuses bytes that are not
// UTF-8, so both are checked before a query rather than turned into a 500 by it.
#include <cstddef>
#include <string_view>

namespace lifelong::services {

// Characters, not bytes: a Chinese name of 4 characters is 12 bytes.
std::size_t utf8_length(std::string_view s);

// Well-formed UTF-8 (no overlong forms, surrogates or code points past U+10FFFF).
bool is_utf8(std::string_view s);

// Any byte below 0x20 (line breaks, tabs, NUL) or DEL.
bool has_control_bytes(std::string_view s);

// Well-formed, not blank, and at most max_chars characters.
bool fits_text(std::string_view s, std::size_t max_chars);

}  // namespace lifelong::services
