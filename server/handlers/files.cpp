// Static assets and lesson media. Media of unpublished courses is visible only to
// those who may see the course.
#include <charconv>

#include "file_reply.hpp"
#include "http/errors.hpp"
#include "routes.hpp"
#include "services/media_service.hpp"

namespace lifelong::handlers {
namespace {
// Who may see a lesson's media: those who may see its course. Only a cached "yes" is
// trusted: a "no" is checked again, so a course just published plays at once.
boost::asio::awaitable<services::media_owner> media_owner_for(app& a, std::uint64_t lesson_id,
                                                               const services::session* who,
                                                               std::uint32_t version) {
  auto allowed = [&](const services::media_owner& o) { return services::may_fetch(o, who, version); };
  auto owner = a.media_access.cached(lesson_id);
  if (!owner || !allowed(*owner)) {
    owner = co_await net::offload(a.blocking, [&] { return services::media_access::look_up(a.courses, lesson_id); });
    if (!owner) throw http::not_found();
    a.media_access.remember(lesson_id, *owner);
  }
  if (!allowed(*owner)) throw http::not_found();
  co_return *owner;
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
  r.add("GET", "/static/{*rest}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto rest = req.param("rest");
    if (!services::safe_relative_path(rest)) throw http::not_found();
    co_return file_reply(req, std::filesystem::path(a.cfg.server.static_dir) / rest, "public, max-age=3600");
  });

  r.add(
      "GET", "/media/lessons/{id}/{version}/{*rest}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
        const auto lesson_id = req.id_param("id");
        const auto version = parse_version(req.param("version"));
        const auto rest = req.param("rest");
        const services::session* who = req.user ? &*req.user : nullptr;
        if (version == 0) throw http::not_found();
        co_await media_owner_for(a, lesson_id, who, version);
        auto path = a.media.published_file(lesson_id, version, rest);
        if (path.empty()) throw http::not_found();
        co_return file_reply(req, path, media_cache_control(rest), a.media_files);
      });

  // Captions: the file name carries its version, so it is cached like a segment.
  r.add("GET", "/media/captions/{id}/{file}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto lesson_id = req.id_param("id");
    const auto name = req.param("file");
    co_await media_owner_for(a, lesson_id, req.user ? &*req.user : nullptr, 0);
    auto path = co_await net::offload(a.blocking, [&] { return a.captions.file(lesson_id, name); });
    if (path.empty()) throw http::not_found();
    co_return file_reply(req, path, "public, max-age=31536000, immutable", a.media_files);
  });
}

}  // namespace lifelong::handlers
