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

  r.add("GET", "/media/lessons/{id}/{version}/{*rest}",
        [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
          const auto lesson_id = req.id_param("id");
          const auto version = parse_version(req.param("version"));
          const auto rest = req.param("rest");
          auto visible = co_await net::offload(a.blocking, [&] {
            auto lesson = a.courses.lesson(lesson_id);
            if (!lesson || lesson->media_version != version || lesson->status != "ready") return false;
            auto course = a.courses.find(lesson->course_id);
            return course && services::can_view(*course, req.user ? &*req.user : nullptr);
          });
          if (!visible) throw http::not_found();
          auto path = a.media.published_file(lesson_id, version, rest);
          if (path.empty()) throw http::not_found();
          co_return file_reply(req, path, media_cache_control(rest));
        });
}

}  // namespace lifelong::handlers
