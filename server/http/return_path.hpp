#pragma once
// Where a page sends a person back to after a form or a switch (back=, next=): only a
// path on this site, and only one that cannot become a header or an address elsewhere.
#include <string>
#include <string_view>

namespace lifelong::http {

// The path itself when it is a local return path: one leading '/', not followed by '/'
// or '\' (which browsers read as another host), no backslash, no control byte (a tab is
// dropped by browsers, turning "/\t/evil" into "//evil"; CR/LF would end the header), at
// most 2,000 bytes. Anything else gives "/".
std::string local_return_path(std::string_view path);

}  // namespace lifelong::http
