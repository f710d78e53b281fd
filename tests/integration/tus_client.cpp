#include "tus_client.hpp"

#include <sodium.h>

#include <fstream>
#include <sstream>

#include "common/tokens.hpp"

namespace lifelong::test_env {

std::string tus_metadata(std::uint64_t lesson, const std::string& filename, const std::string& filetype) {
  return "lesson_id " + base64_encode(std::to_string(lesson)) + ",filename " + base64_encode(filename) +
         ",filetype " + base64_encode(filetype);
}

http_result tus_create(unsigned short port, const signed_in& who, std::uint64_t length, const std::string& metadata) {
  return request(port, "POST", "/api/v1/uploads", "",
                 tus_header + "Upload-Length: " + std::to_string(length) + "\r\nUpload-Metadata: " + metadata +
                     "\r\n" + who.with_csrf());
}

http_result tus_head(unsigned short port, const signed_in& who, const std::string& url) {
  return request(port, "HEAD", url, "", tus_header + who.cookie);
}

http_result tus_patch(unsigned short port, const signed_in& who, const std::string& url, std::uint64_t offset,
                      const std::string& bytes, const std::string& extra_headers) {
  return request(port, "PATCH", url, bytes,
                 tus_header + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: " +
                     std::to_string(offset) + "\r\n" + extra_headers + who.with_csrf());
}

std::string tus_patch_head(const signed_in& who, const std::string& url, std::uint64_t offset, std::uint64_t length) {
  return "PATCH " + url + " HTTP/1.1\r\nHost: x\r\n" + tus_header +
         "Content-Type: application/offset+octet-stream\r\nUpload-Offset: " + std::to_string(offset) +
         "\r\nContent-Length: " + std::to_string(length) + "\r\n" + who.with_csrf() + "\r\n";
}

std::string random_bytes(std::size_t size) {
  std::string out(size, '\0');
  randombytes_buf(out.data(), out.size());
  return out;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace lifelong::test_env
