#pragma once
#include <string>
#include <string_view>

namespace lifelong::http {

// Behind a trusted reverse proxy, the client is the last address in X-Forwarded-For:
// the one the proxy itself appended (earlier entries come from the client and can be
// forged). Anything that is not an IP address leaves `peer` in place.
std::string client_address(std::string_view forwarded_for, const std::string& peer);

}  // namespace lifelong::http
