#include "password_policy.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace lifelong::services {
namespace {

// Passwords seen again and again in published breach statistics; all at least 8
// characters (shorter ones are refused by length anyway). Compared in lower case.
constexpr std::array<std::string_view, 64> common = {
    "password",   "password1",  "password123", "passw0rd",   "iloveyou",   "iloveyou1",  "woaini1314",
    "woaini520",  "woaini123",  "5201314520",  "52013145",   "1314520520", "qwertyuiop", "qwerty123",
    "qwer1234",   "asdfghjkl",  "asdf1234",    "zxcvbnm123", "1qaz2wsx",   "1q2w3e4r",   "1q2w3e4r5t",
    "qazwsxedc",  "abc123456",  "abcd1234",    "a1234567",   "a12345678",  "aa123456",   "aa112233",
    "abc12345",   "admin123",   "admin888",    "administrator", "welcome1", "welcome123", "sunshine1",
    "princess1",  "football1",  "baseball1",   "dragon123",  "monkey123",  "letmein1",   "trustno1",
    "00000000",   "11111111",   "88888888",    "66666666",   "12341234",   "11223344",   "12344321",
    "147258369",  "159357456",  "123qweasd",   "123qwe123",  "qweasdzxc",  "zhang123456", "wang123456",
    "li123456",   "liu123456",  "chen123456",  "changeme1",  "lifelong1",  "lifelong123", "zhongguo123",
    "beijing2008"};

// Every character one more (or one less) than the last: 12345678, abcdefgh, 98765432.
bool is_run(const std::string& s) {
  if (s.size() < 2) return false;
  const int step = s[1] - s[0];
  if (step != 1 && step != -1) return false;
  for (std::size_t i = 1; i < s.size(); ++i)
    if (s[i] - s[i - 1] != step) return false;
  return true;
}

}  // namespace

bool too_common_password(const std::string& password, const std::string& username) {
  std::string p = password;
  std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return std::tolower(c); });
  std::string name = username;
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  if (std::find(common.begin(), common.end(), p) != common.end()) return true;
  if (p.find_first_not_of(p.front()) == std::string::npos) return true;  // one character repeated
  if (is_run(p)) return true;
  return name.size() >= 3 && p.find(name) != std::string::npos;
}

}  // namespace lifelong::services
