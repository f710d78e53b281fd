#include "thumbnails.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace lifelong::transcoder {
namespace {

int even(double v) {
  return std::max(2, static_cast<int>(std::lround(v / 2.0)) * 2);
}

std::string timestamp(std::uint64_t ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02llu:%02llu:%02llu.%03llu", static_cast<unsigned long long>(ms / 3600000),
                static_cast<unsigned long long>(ms / 60000 % 60), static_cast<unsigned long long>(ms / 1000 % 60),
                static_cast<unsigned long long>(ms % 1000));
  return buf;
}

}  // namespace

thumbnail_plan plan_thumbnails(int video_width, int video_height) {
  thumbnail_plan plan;
  if (video_width <= 0 || video_height <= 0) return plan;
  if (video_width >= video_height) {
    plan.width = 160;
    plan.height = even(160.0 * video_height / video_width);
  } else {
    plan.height = 160;
    plan.width = even(160.0 * video_width / video_height);
  }
  return plan;
}

std::string thumbnails_vtt(std::uint32_t duration_ms, const thumbnail_plan& plan) {
  std::string vtt = "WEBVTT\n";
  const std::uint64_t step = plan.interval_seconds * 1000ULL;
  const int per_sheet = thumbnail_plan::columns * thumbnail_plan::rows;
  for (std::uint64_t i = 0; i * step < duration_ms; ++i) {
    const auto start = i * step, end = std::min<std::uint64_t>(start + step, duration_ms);
    const int sheet = static_cast<int>(i / per_sheet) + 1, tile = static_cast<int>(i % per_sheet);
    char cue[160];
    std::snprintf(cue, sizeof cue, "\n%s --> %s\nsprite_%03d.jpg#xywh=%d,%d,%d,%d\n", timestamp(start).c_str(),
                  timestamp(end).c_str(), sheet, (tile % thumbnail_plan::columns) * plan.width,
                  (tile / thumbnail_plan::columns) * plan.height, plan.width, plan.height);
    vtt += cue;
  }
  return vtt;
}

}  // namespace lifelong::transcoder
