#include "media_links.hpp"

#include <openssl/evp.h>
#include <sodium.h>

#include <charconv>
#include <stdexcept>

namespace lifelong::services {
namespace {
constexpr std::int64_t rounding_seconds = 300;

std::string scope(std::uint64_t lesson_id, std::uint32_t version) {
  return "/lessons/" + std::to_string(lesson_id) + "/v" + std::to_string(version) + "/";
}
}  // namespace

media_links::media_links(std::string secret, std::chrono::seconds lifetime, unix_clock now)
    : secret_(std::move(secret)), lifetime_(lifetime), now_(std::move(now)) {
  if (secret_.size() < 16) throw std::invalid_argument("media link secret must be at least 16 characters");
}

std::int64_t media_links::system_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string media_links::sign(std::int64_t expires, std::uint64_t lesson_id, std::uint32_t version) const {
  const auto text = std::to_string(expires) + scope(lesson_id, version) + " " + secret_;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_md5(), nullptr) != 1)
    throw std::runtime_error("MD5 failed");
  char out[sodium_base64_ENCODED_LEN(16, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, digest, length, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string media_links::folder(std::uint64_t lesson_id, std::uint32_t version) const {
  const auto at_least = now_() + lifetime_.count();
  const auto expires = (at_least + rounding_seconds - 1) / rounding_seconds * rounding_seconds;
  return "/media/t/" + std::to_string(expires) + "/" + sign(expires, lesson_id, version) + "/lessons/" +
         std::to_string(lesson_id) + "/v" + std::to_string(version);
}

media_links::verdict media_links::check(std::string_view expires_text, std::string_view signature,
                                        std::uint64_t lesson_id, std::uint32_t version) const {
  std::int64_t expires = 0;
  auto [end, ec] = std::from_chars(expires_text.data(), expires_text.data() + expires_text.size(), expires);
  if (ec != std::errc{} || end != expires_text.data() + expires_text.size() || expires <= 0) return verdict::forged;
  const auto expected = sign(expires, lesson_id, version);
  if (signature.size() != expected.size() || sodium_memcmp(signature.data(), expected.data(), expected.size()) != 0)
    return verdict::forged;
  return now_() <= expires ? verdict::valid : verdict::expired;  // as nginx: valid through the second named
}

}  // namespace lifelong::services
