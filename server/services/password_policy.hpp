#pragma once
// What makes a password too easy to guess, beyond its length: the most common choices
// (in China and elsewhere), one character repeated, a run of digits or keyboard
// letters, or the account's own name in it.
#include <string>

namespace lifelong::services {

bool too_common_password(const std::string& password, const std::string& username);

}  // namespace lifelong::services
