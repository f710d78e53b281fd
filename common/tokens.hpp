#pragma once
// Random identifiers and password hashes, all from libsodium.
#include <optional>
#include <string>
#include <string_view>

namespace lifelong {

// Initialises libsodium; call once at start. Throws if it cannot.
void init_crypto();

// 256 random bits, URL-safe base64 without padding (43 characters).
std::string random_token();

// argon2id hash in libsodium's self-describing string format.
std::string hash_password(const std::string& password);
bool verify_password(const std::string& hash, const std::string& password);

// SHA-256 of a string, lowercase hex (used to store tokens without keeping them).
std::string sha256_hex(const std::string& data);

// Standard base64 with padding (as tus metadata and checksums use); nullopt when the
// text is not valid base64.
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

// A readable random password for generated demo accounts.
std::string random_password(std::size_t length = 16);

}  // namespace lifelong
