// Resumable uploads, tus 1.0 (core, creation, termination, checksum, expiration):
//   OPTIONS /api/v1/uploads            what this server supports
//   POST    /api/v1/uploads            create; Upload-Metadata names the lesson
//   HEAD    /api/v1/uploads/{token}    how many bytes are stored
//   PATCH   /api/v1/uploads/{token}    append from Upload-Offset
//   DELETE  /api/v1/uploads/{token}    give up and remove the bytes
// Only the teacher who created an upload can see or continue it.
#include <charconv>
#include <ctime>

#include "common/tokens.hpp"
#include "http/tus_metadata.hpp"
#include "pages.hpp"
#include "routes.hpp"
#include "services/file_checksum.hpp"
#include "services/upload_service.hpp"

namespace lifelong::handlers {
namespace {

constexpr const char* tus_version = "1.0.0";

http::http_error tus_error(int status, std::string code, std::string key) {
  return http::http_error(status, std::move(code), std::move(key));
}

// Every tus answer, errors included (a service's refusal too), says which protocol
// version it speaks.
template <class Fn>
auto call_with_tus_header(const Fn& fn, http::request& req) -> decltype(fn(req)) {
  try {
    try {
      return fn(req);
    } catch (const services::error& refused) {
      throw http::from_refusal(refused);
    }
  } catch (http::http_error& e) {
    e.headers.emplace_back("Tus-Resumable", tus_version);
    throw;
  }
}

template <class Fn>
auto with_tus_header(Fn fn) {
  return [fn](http::request& req) { return call_with_tus_header(fn, req); };
}

void require_tus(const http::request& req) {
  if (req.header("tus-resumable") != tus_version) {
    auto e = tus_error(412, "tus_version", "errors.upload_protocol");
    e.headers.emplace_back("Tus-Version", tus_version);
    throw e;
  }
}

std::optional<std::uint64_t> header_number(const http::request& req, std::string_view name) {
  const auto text = req.header(name);
  std::uint64_t v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::string expires_header(const services::upload_row& u) {
  return http::http_date(static_cast<std::int64_t>(std::time(nullptr)) + u.seconds_left);
}

// The caller's own upload, or 404 (someone else's looks the same as none).
services::upload_row own_upload(app& a, const http::request& req, const services::session& who) {
  auto u = a.uploads.find(req.param("token"));
  if (!u || u->user_id != who.user_id || who.via_card) throw http::not_found();
  return *u;
}

http::reply tus_reply(int status) {
  http::reply rep;
  rep.status = status;
  rep.header("Tus-Resumable", tus_version);
  rep.header("Cache-Control", "no-store");
  return rep;
}

// Checked before a PATCH body is read: the body goes straight onto the upload's file.
std::optional<http::reply> admit_patch(app& a, http::request& req) {
  const auto& who = require_user(req);
  require_tus(req);
  if (req.header("content-type") != "application/offset+octet-stream")
    throw tus_error(415, "unsupported_type", "errors.upload_content_type");
  const auto claimed = header_number(req, "upload-offset");
  if (!claimed) throw http::bad_request("errors.upload_offset_missing");
  const auto body_length = header_number(req, "content-length").value_or(0);
  if (auto checksum = req.header("upload-checksum"); !checksum.empty()) {
    const auto space = checksum.find(' ');
    if (space == std::string::npos || !services::checksum_supported(checksum.substr(0, space)) ||
        !base64_decode(checksum.substr(space + 1)))
      throw http::bad_request("errors.upload_checksum_unsupported");
    req.upload.keep_partial = false;  // part of a part cannot be verified
  }
  const auto u = own_upload(a, req, who);
  auto lock = a.uploads.try_lock(u.token);
  if (!lock) throw tus_error(423, "upload_busy", "errors.upload_busy");
  const auto stored = a.uploads.offset(u);  // the file's size
  if (u.completed || *claimed != stored) {
    auto e = http::conflict("errors.upload_offset");
    e.headers.emplace_back("Upload-Offset", std::to_string(stored));
    throw e;
  }
  if (stored + body_length > u.length) throw tus_error(413, "too_large", "errors.upload_beyond_length");
  req.upload.path = a.uploads.data_file(u).string();
  req.upload.offset = stored;
  req.upload.hold = std::move(lock);  // until the reply: one writer at a time
  return std::nullopt;
}

}  // namespace

void add_upload_api(http::router& r, app& a) {
  r.add("OPTIONS", "/api/v1/uploads", [&a](http::request&) -> http::reply {
    auto rep = tus_reply(204);
    rep.header("Tus-Version", tus_version);
    rep.header("Tus-Extension", "creation,termination,checksum,expiration");
    rep.header("Tus-Max-Size", std::to_string(a.uploads.limits().max_file_bytes));
    rep.header("Tus-Checksum-Algorithm", services::checksum_algorithms);
    return rep;
  });

  r.add("POST", "/api/v1/uploads", with_tus_header([&a](http::request& req) -> http::reply {
          const auto& who = require_user(req);
          require_tus(req);
          if (!req.header("upload-defer-length").empty()) throw http::bad_request("errors.upload_length_missing");
          const auto length = header_number(req, "upload-length");
          if (!length) throw http::bad_request("errors.upload_length_missing");
          if (*length == 0) throw http::bad_request("errors.upload_empty");
          const auto raw_metadata = req.header("upload-metadata");
          auto metadata = http::parse_tus_metadata(raw_metadata);
          if (!metadata || raw_metadata.size() > 2000) throw http::bad_request("errors.upload_metadata");
          services::new_upload n;
          n.user_id = who.user_id;
          n.length = *length;
          n.metadata = raw_metadata;
          n.filename = (*metadata)["filename"];
          n.filetype = (*metadata)["filetype"];
          const auto lesson = (*metadata)["lesson_id"];
          auto [end, ec] = std::from_chars(lesson.data(), lesson.data() + lesson.size(), n.lesson_id);
          if (lesson.empty() || ec != std::errc{} || end != lesson.data() + lesson.size())
            throw http::bad_request("errors.upload_metadata", "lesson_id");
          auto u = a.uploads.create(who, n);
          auto rep = tus_reply(201);
          rep.header("Location", "/api/v1/uploads/" + u.token);
          rep.header("Upload-Expires", expires_header(u));
          return rep;
        }));

  // HEAD (and GET, which answers the same with no body). An upload whose every byte
  // arrived but which was not handed on (the server died in between) is finished here.
  r.add("GET", "/api/v1/uploads/{token}", with_tus_header([&a](http::request& req) -> http::reply {
          const auto& who = require_user(req);
          require_tus(req);
          auto u = own_upload(a, req, who);
          if (!u.completed && a.uploads.offset(u) == u.length) {
            try {
              if (auto lock = a.uploads.try_lock(u.token)) u.completed = a.uploads.after_append(u);
            } catch (const lifelong::redis_error&) {
              // Redis away: the offset is still worth answering; the next HEAD finishes it.
            }
          }
          const auto stored = a.uploads.offset(u);
          auto rep = tus_reply(200);
          rep.header("Upload-Offset", std::to_string(stored));
          rep.header("Upload-Length", std::to_string(u.length));
          if (!u.metadata.empty()) rep.header("Upload-Metadata", u.metadata);
          rep.header("Upload-Expires", expires_header(u));
          return rep;
        }));

  r.add("PATCH", "/api/v1/uploads/{token}", with_tus_header([&a](http::request& req) -> http::reply {
          // The writer's lock goes here, on the pool, however this ends: a client may send
          // its next PATCH the moment it reads this one's answer.
          const std::shared_ptr<void> lock = std::move(req.upload.hold);
          const auto& who = require_user(req);
          const auto u = own_upload(a, req, who);
          if (auto checksum = req.header("upload-checksum"); !checksum.empty()) {
            const auto space = checksum.find(' ');
            if (!a.uploads.keep_part_if_intact(u, req.upload.offset, checksum.substr(0, space),
                                               *base64_decode(checksum.substr(space + 1))))
              throw tus_error(460, "checksum_mismatch", "errors.upload_checksum");
          }
          const auto stored = a.uploads.offset(u);
          a.uploads.after_append(u);
          auto rep = tus_reply(204);
          rep.header("Upload-Offset", std::to_string(stored));
          rep.header("Upload-Expires", expires_header(u));
          return rep;
        }),
        http::body_kind::appended_to_file, with_tus_header([&a](http::request& req) { return admit_patch(a, req); }));

  r.add("DELETE", "/api/v1/uploads/{token}", with_tus_header([&a](http::request& req) -> http::reply {
          const auto& who = require_user(req);
          require_tus(req);
          auto u = own_upload(a, req, who);
          auto lock = a.uploads.try_lock(u.token);
          if (!lock) throw tus_error(423, "upload_busy", "errors.upload_busy");
          a.uploads.terminate(u);
          return tus_reply(204);
        }));
}

}  // namespace lifelong::handlers
