#pragma once
// Checks a range of a file against a checksum a client sent (tus checksum extension).
#include <cstdint>
#include <filesystem>
#include <string>

namespace lifelong::services {

// The algorithms accepted, as tus names them (Tus-Checksum-Algorithm).
inline constexpr const char* checksum_algorithms = "sha1,sha256";

// True when `algorithm` is one of checksum_algorithms.
bool checksum_supported(const std::string& algorithm);

// Digest of the bytes of `path` from `offset` to its end, compared with the raw
// (already base64-decoded) digest. Reads in small blocks; memory stays flat.
bool file_tail_matches(const std::filesystem::path& path, std::uint64_t offset, const std::string& algorithm,
                       const std::string& digest);

}  // namespace lifelong::services
