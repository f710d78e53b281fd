#pragma once
// Method + path patterns: "/courses/{id}", "/static/{*rest}" (rest takes the remainder).
#include <string>
#include <string_view>
#include <vector>

#include "handler.hpp"

namespace lifelong::http {

// streamed_to_file: a new file in the upload folder; appended_to_file: the file the
// route's admission names in request::upload (body_file), from its offset.
enum class body_kind { none, buffered, streamed_to_file, appended_to_file };

struct route {
  std::string method;
  std::vector<std::string> segments;
  handler handle;  // on the blocking pool (empty: the quick handler always answers)
  body_kind body = body_kind::buffered;
  admission admit;      // only for bodies written to files
  quick_handler quick;  // on the event loop first, if set
  // Whether the quick handler's answer, when it gives one, is the same for whoever asks
  // (a static file, public media): then it is tried before the session is loaded.
  bool quick_for_anyone = false;
  std::string pattern;  // as added: what /metrics counts requests by
};

struct match_result {
  const route* found = nullptr;
  bool path_known = false;  // the path exists for another method: 405, not 404
};

class router {
 public:
  void add(std::string method, std::string_view pattern, handler h, body_kind body = body_kind::buffered,
           admission admit = {});
  // A route answered on the event loop when it can (`quick`), else by `h` on the pool.
  // With `for_anyone`, a quick answer never depends on who asks, so it is tried before
  // the person's session is loaded (which takes a trip to the pool).
  void add_quick(std::string method, std::string_view pattern, bool for_anyone, quick_handler quick, handler h = {});
  // Fills req.path_params on a match. HEAD falls back to the GET route.
  match_result match(request& req) const;

 private:
  static bool matches(const route& r, const std::vector<std::string_view>& parts, request& req);
  std::vector<route> routes_;
};

}  // namespace lifelong::http
