#pragma once
// The tus 1.0 requests the tests make, over real sockets (tus_client.cpp).
#include <cstdint>
#include <string>

#include "http_client.hpp"
#include "test_server.hpp"

namespace lifelong::test_env {

inline const std::string tus_header = "Tus-Resumable: 1.0.0\r\n";

// Upload-Metadata for a lesson's file: "lesson_id <b64>,filename <b64>,filetype <b64>".
std::string tus_metadata(std::uint64_t lesson, const std::string& filename, const std::string& filetype);

// POST /api/v1/uploads; the answer's Location is the upload's URL.
http_result tus_create(unsigned short port, const signed_in& who, std::uint64_t length, const std::string& metadata);
http_result tus_head(unsigned short port, const signed_in& who, const std::string& url);
http_result tus_patch(unsigned short port, const signed_in& who, const std::string& url, std::uint64_t offset,
                      const std::string& bytes, const std::string& extra_headers = "");

// The request line and headers of a PATCH carrying `length` bytes, without the body,
// for tests that send the body in pieces or not at all.
std::string tus_patch_head(const signed_in& who, const std::string& url, std::uint64_t offset, std::uint64_t length);

// Random bytes (a file that cannot match by accident).
std::string random_bytes(std::size_t size);
std::string file_text(const std::string& path);

}  // namespace lifelong::test_env
