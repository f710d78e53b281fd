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

// Where a streamed body goes and what became of it: the one piece of upload state a
// request carries. A new file in the upload folder (a video sent whole: the connection
// names it), or an existing file written from `offset` on (a tus PATCH: the route's
// admission names it and holds the upload's lock here). The connection writes the body
// through it; the handler reads `path` and `size` after.
struct body_file {
  std::string path;
  std::uint64_t offset = 0;    // appending: the file's size before this request
  std::uint64_t size = 0;      // bytes this request stored
  bool keep_partial = true;    // appending: a body broken off keeps what arrived (tus resumes)
  std::shared_ptr<void> hold;  // released before the reply goes out
};

struct request {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent, with the query
  std::string path;    // decoded path, without the query
  params query;
  std::map<std::string, std::string, std::less<>> headers;  // names in lower case
  std::string body;
  body_file upload;  // for routes whose body goes to a file (router.hpp, body_kind)
  std::map<std::string, std::string, std::less<>> path_params;
  std::string remote;  // the client: the socket's peer, or under trust_proxy the forwarded one
  std::string peer;    // the socket's peer, whatever a proxy says
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
