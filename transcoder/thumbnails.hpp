#pragma once
// Seek previews: one small frame every few seconds, tiled 10×10 into JPEG sprite sheets
// (sprite_001.jpg, …) by the ladder's own ffmpeg process, and a WebVTT file that maps
// each time range to its tile (#xywh=…), as players' thumbnail plugins expect.
#include <cstdint>
#include <string>

namespace lifelong::transcoder {

struct thumbnail_plan {
  int interval_seconds = 5;
  int width = 160;
  int height = 90;
  static constexpr int columns = 10;
  static constexpr int rows = 10;
};

// Tiles fit a 160×160 box with the video's aspect ratio, even-sized.
thumbnail_plan plan_thumbnails(int video_width, int video_height);

std::string thumbnails_vtt(std::uint32_t duration_ms, const thumbnail_plan& plan);

}  // namespace lifelong::transcoder
