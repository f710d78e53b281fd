#pragma once
// What a handler sees of a request: plain data, no Beast types, so handlers and their
// tests stay light to compile.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "form.hpp"
#include "services/actor.hpp"

namespace lifelong::http {

// A positive decimal id, or 0 for anything else.
std::uint64_t parse_id(std::string_view text);

struct request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent, with the query
  std::string path;    // decoded path, without the query
  params query;
  std::map<std::string, std::string, std::less<>> headers;  // names in lower case
  std::string body;
  std::string upload_path;  // for streamed uploads: where the body was stored
  std::uint64_t upload_size = 0;
  // For bodies appended to an existing file (tus PATCH): the file's size before this
  // request; if the body breaks off, bytes are kept unless discard_partial is set.
  std::uint64_t append_offset = 0;
  bool discard_partial = false;
  std::shared_ptr<void> hold;  // released when the request ends (e.g. an upload's lock)
  std::map<std::string, std::string, std::less<>> path_params;
  std::string remote;
  std::string lang = "zh-CN";
  std::optional<services::session> user;  // the signed-in person, if any

  std::string header(std::string_view name) const {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  }
  std::string param(std::string_view name) const {
    auto it = path_params.find(name);
    return it == path_params.end() ? std::string() : it->second;
  }
  std::uint64_t id_param(std::string_view name) const;  // throws not_found if not a positive id
  bool wants_json() const { return path.rfind("/api/", 0) == 0; }
};

}  // namespace lifelong::http
