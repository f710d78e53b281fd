// Static assets and lesson media. Media of unpublished courses is visible only to
// those who may see the course.
#include <charconv>

#include "file_reply.hpp"
#include "http/errors.hpp"
#include "routes.hpp"
#include "services/media_service.hpp"

namespace lifelong::handlers {
namespace {
// Who may see a lesson's media: those who may see its course. The answer is remembered
// under the site's course stamp (media_access.hpp), but only a remembered "yes" is
// trusted: a "no" is asked again, so a course just published plays at once.
bool remembered_yes(app& a, std::uint64_t lesson_id, const services::session* who, std::uint32_t version) {
  auto owner = a.media_access.cached(lesson_id, a.course_version.current());
  return owner && services::may_fetch(*owner, who, version);
}

// Blocking: reads the lesson and its course, remembers them, and refuses with 404.
services::media_owner require_media_access(app& a, std::uint64_t lesson_id, const services::session* who,
                                           std::uint32_t version) {
  const auto stamp = a.course_version.current();  // before the reads
  auto owner = services::media_access::look_up(a.courses, lesson_id);
  if (!owner) throw http::not_found();
  a.media_access.remember(lesson_id, stamp, *owner);
  if (!services::may_fetch(*owner, who, version)) throw http::not_found();
  return *owner;
}

bool is_playlist(const std::string& name) {
  return name.size() >= 5 && name.compare(name.size() - 5, 5, ".m3u8") == 0;
}

std::uint32_t parse_version(const std::string& text) {
  std::uint32_t v = 0;
  if (text.size() < 2 || text[0] != 'v') throw http::not_found();
  auto [end, ec] = std::from_chars(text.data() + 1, text.data() + text.size(), v);
  if (ec != std::errc{} || end != text.data() + text.size()) throw http::not_found();
  return v;
}
}  // namespace

void add_file_routes(http::router& r, app& a) {
  r.add_quick("GET", "/static/{*rest}", true, [&a](http::request& req) -> std::optional<http::reply> {
    const auto rest = req.param("rest");
    if (!services::safe_relative_path(rest)) throw http::not_found();
    return file_reply(req, std::filesystem::path(a.cfg.server.static_dir) / rest, "public, max-age=3600");
  });

  // A player asks every couple of seconds: while access is remembered, the segment is
  // served from the event loop; otherwise access is checked on the pool first.
  struct media_file {
    std::uint64_t lesson_id;
    std::uint32_t version;
    std::string rest;
  };
  auto media_of = [](const http::request& req) {
    media_file f{req.id_param("id"), parse_version(req.param("version")), req.param("rest")};
    if (f.version == 0) throw http::not_found();
    return f;
  };
  auto serve = [&a](http::request& req, const media_file& f) {
    auto path = a.media.published_file(f.lesson_id, f.version, f.rest);
    if (path.empty()) throw http::not_found();
    return file_reply(req, path, media_cache_control(f.rest), a.media_files);
  };
  r.add_quick(
      "GET", "/media/lessons/{id}/{version}/{*rest}", true,  // public media needs no session
      [&a, media_of, serve](http::request& req) -> std::optional<http::reply> {
        const auto f = media_of(req);
        if (!remembered_yes(a, f.lesson_id, req.user ? &*req.user : nullptr, f.version)) return std::nullopt;
        return serve(req, f);
      },
      [&a, media_of, serve](http::request& req) {
        const auto f = media_of(req);
        require_media_access(a, f.lesson_id, req.user ? &*req.user : nullptr, f.version);
        return serve(req, f);
      });

  // Signed links (services/media_links.hpp), what pages hand out and what the edge checks
  // (deploy/nginx). The link is the authorization for segments, posters and thumbnails,
  // as at the edge. A playlist is also checked against whoever asks now: a withdrawn
  // course gets no new playlist, and a player whose link runs out asks for a new one
  // (static/js/player.js), which it is then refused. Only a playlist anyone may fetch is
  // marked for shared caches (the edge keeps it a minute).
  auto signed_media_of = [&a, media_of](const http::request& req) {
    auto f = media_of(req);
    switch (a.media_links.check(req.param("expires"), req.param("signature"), f.lesson_id, f.version)) {
      case services::media_links::verdict::valid:
        return f;
      case services::media_links::verdict::expired:
        throw http::http_error(410, "gone", "errors.media_link_expired");
      case services::media_links::verdict::forged:
        break;
    }
    throw http::forbidden("errors.media_link_invalid");
  };
  auto serve_signed = [&a](http::request& req, const media_file& f, bool for_anyone) {
    auto path = a.media.published_file(f.lesson_id, f.version, f.rest);
    if (path.empty()) throw http::not_found();
    const bool playlist = is_playlist(f.rest);
    const auto cache = playlist ? std::string(for_anyone ? "public" : "private") + ", max-age=60"
                                : std::string("public, max-age=31536000, immutable");
    return file_reply(req, path, cache, a.media_files);
  };
  r.add_quick(
      "GET", "/media/t/{expires}/{signature}/lessons/{id}/{version}/{*rest}", true,
      [&a, signed_media_of, serve_signed](http::request& req) -> std::optional<http::reply> {
        const auto f = signed_media_of(req);
        if (!is_playlist(f.rest)) return serve_signed(req, f, true);
        // Before any session is read: only a playlist anyone may fetch is answered here.
        auto owner = a.media_access.cached(f.lesson_id, a.course_version.current());
        if (!owner || !services::may_fetch(*owner, nullptr, f.version)) return std::nullopt;
        return serve_signed(req, f, true);
      },
      [&a, signed_media_of, serve_signed](http::request& req) {
        const auto f = signed_media_of(req);
        const auto owner = require_media_access(a, f.lesson_id, req.user ? &*req.user : nullptr, f.version);
        return serve_signed(req, f, services::may_fetch(owner, nullptr, f.version));
      });

  // Captions: the file name carries its version, so it is cached like a segment.
  r.add("GET", "/media/captions/{id}/{file}", [&a](http::request& req) -> http::reply {
    const auto lesson_id = req.id_param("id");
    const auto name = req.param("file");
    const services::session* who = req.user ? &*req.user : nullptr;
    if (!remembered_yes(a, lesson_id, who, 0)) require_media_access(a, lesson_id, who, 0);
    auto path = a.captions.file(lesson_id, name);
    if (path.empty()) throw http::not_found();
    return file_reply(req, path, "public, max-age=31536000, immutable", a.media_files);
  });

  // A course's own cover: for whoever may see the course; the name carries its version.
  r.add("GET", "/media/covers/{id}/{file}", [&a](http::request& req) -> http::reply {
    const auto course_id = req.id_param("id");
    const services::session* who = req.user ? &*req.user : nullptr;
    // Only the cover this person sees: a pending one for its teacher and reviewers alone.
    const auto course = a.courses.visible(course_id, who);
    const auto name = req.param("file");
    if (course.cover_image.empty() || name.rfind(course.cover_image + "-", 0) != 0) throw http::not_found();
    auto path = a.covers.file(course_id, name);
    if (path.empty()) throw http::not_found();
    return file_reply(req, path, "public, max-age=31536000, immutable", a.media_files);
  });
}

}  // namespace lifelong::handlers
