#pragma once
// A small blocking HTTP/1.1 client over a real loopback socket, for the tests.
#include <map>
#include <string>

namespace lifelong::test_env {

struct http_result {
  int status = 0;
  std::string body;
  std::multimap<std::string, std::string> headers;  // names in lower case
  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// Sends the raw bytes and reads one response (for malformed or partial requests).
http_result raw_exchange(unsigned short port, const std::string& bytes);

// A normal request; headers is "Name: value\r\n" lines.
http_result request(unsigned short port, const std::string& method, const std::string& target,
                    const std::string& body = "", const std::string& headers = "");

}  // namespace lifelong::test_env
