#include "mime.hpp"

#include <array>
#include <utility>

namespace lifelong::http {

std::string_view mime_type(std::string_view path) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 16> types{{
      {".m3u8", "application/vnd.apple.mpegurl"},
      {".m4s", "video/iso.segment"},
      {".mp4", "video/mp4"},
      {".ts", "video/mp2t"},
      {".vtt", "text/vtt; charset=utf-8"},
      {".jpg", "image/jpeg"},
      {".png", "image/png"},
      {".svg", "image/svg+xml"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".map", "application/json"},
      {".json", "application/json"},
      {".html", "text/html; charset=utf-8"},
      {".txt", "text/plain; charset=utf-8"},
  }};
  auto dot = path.rfind('.');
  if (dot != std::string_view::npos) {
    auto ext = path.substr(dot);
    for (const auto& [e, t] : types)
      if (e == ext) return t;
  }
  return "application/octet-stream";
}

}  // namespace lifelong::http
