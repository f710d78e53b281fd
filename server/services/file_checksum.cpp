#include "file_checksum.hpp"

#include <openssl/evp.h>

#include <array>
#include <fstream>
#include <memory>

namespace lifelong::services {

bool checksum_supported(const std::string& algorithm) {
  return algorithm == "sha1" || algorithm == "sha256";
}

bool file_tail_matches(const std::filesystem::path& path, std::uint64_t offset, const std::string& algorithm,
                       const std::string& digest) {
  const EVP_MD* md = algorithm == "sha1" ? EVP_sha1() : algorithm == "sha256" ? EVP_sha256() : nullptr;
  if (!md) return false;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1) return false;
  std::ifstream in(path, std::ios::binary);
  in.seekg(static_cast<std::streamoff>(offset));
  std::array<char, 64 * 1024> block;
  while (in) {
    in.read(block.data(), block.size());
    if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), block.data(), static_cast<std::size_t>(in.gcount()));
  }
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (EVP_DigestFinal_ex(ctx.get(), out, &size) != 1) return false;
  return digest == std::string(reinterpret_cast<const char*>(out), size);
}

}  // namespace lifelong::services
