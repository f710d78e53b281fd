#pragma once
// What the request log may show of a path: secrets that travel in paths (learning-card
// sign-in links, tus upload addresses) are replaced, so whoever reads the logs cannot
// sign in as a card holder or append to someone's upload.
#include <string>
#include <string_view>

namespace lifelong::http {

// "/card/<secret>/x" -> "/card/[redacted]/x"; other paths unchanged; no query string.
std::string loggable_path(std::string_view path);

}  // namespace lifelong::http
