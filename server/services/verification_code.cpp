#include "verification_code.hpp"

#include <sodium.h>

namespace lifelong::services {
namespace {
constexpr char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";  // Crockford: no I L O U
constexpr std::size_t code_length = 16;
}  // namespace

std::string new_verification_code() {
  std::string code;
  for (std::size_t i = 0; i < code_length; ++i) code += alphabet[randombytes_uniform(sizeof alphabet - 1)];
  return code;
}

std::optional<std::string> normalise_verification_code(const std::string& typed) {
  if (typed.size() > 64) return std::nullopt;
  std::string code;
  for (char ch : typed) {
    if (ch == ' ' || ch == '-' || ch == '\t') continue;
    if (ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    if (ch == 'O') ch = '0';
    if (ch == 'I' || ch == 'L') ch = '1';
    bool known = false;
    for (std::size_t i = 0; i + 1 < sizeof alphabet; ++i) known = known || alphabet[i] == ch;
    if (!known) return std::nullopt;
    code += ch;
  }
  if (code.size() != code_length) return std::nullopt;
  return code;
}

std::string format_verification_code(const std::string& code) {
  std::string out;
  for (std::size_t i = 0; i < code.size(); ++i) {
    if (i && i % 4 == 0) out += '-';
    out += code[i];
  }
  return out;
}

}  // namespace lifelong::services
