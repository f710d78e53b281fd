// Static assets and lesson media. Media of unpublished courses is visible only to
// those who may see the course.
#include <charconv>

#include "file_reply.hpp"
#include "http/errors.hpp"
#include "routes.hpp"
#include "services/media_service.hpp"

namespace lifelong::handlers {
namespace {
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
        const http::session* who = req.user ? &*req.user : nullptr;
        auto allowed = [&](const services::media_owner& o) {
          return version != 0 && o.version == version && services::can_view(o.course, who);
        };
        // Only a cached "yes" is trusted: a "no" is checked again, so a course just
        // published or a version just transcoded plays at once.
        auto owner = a.media_access.cached(lesson_id);
        if (!owner || !allowed(*owner)) {
          owner =
              co_await net::offload(a.blocking, [&] { return services::media_access::look_up(a.courses, lesson_id); });
          if (!owner) throw http::not_found();
          a.media_access.remember(lesson_id, *owner);
        }
        const bool visible = allowed(*owner);
        if (!visible) throw http::not_found();
        auto path = a.media.published_file(lesson_id, version, rest);
        if (path.empty()) throw http::not_found();
        co_return file_reply(req, path, media_cache_control(rest));
      });
}

}  // namespace lifelong::handlers
