#include "ladder.hpp"

#include <algorithm>
#include <cmath>

namespace lifelong::transcoder {
namespace {

constexpr int rung_sizes[] = {1080, 720, 480, 360};

int even(double v) {
  return std::max(2, static_cast<int>(std::lround(v / 2.0)) * 2);
}

double bits_per_pixel(int short_side) {
  if (short_side >= 1080) return 0.07;
  if (short_side >= 720) return 0.08;
  if (short_side >= 480) return 0.10;
  return 0.12;
}

}  // namespace

int video_kbps_for(int width, int height, double fps) {
  const double rate = std::clamp(fps > 0 ? fps : 25.0, 1.0, 60.0);
  const double kbps = width * static_cast<double>(height) * rate * bits_per_pixel(std::min(width, height)) / 1000.0;
  return std::max(150, static_cast<int>(std::lround(kbps / 10.0)) * 10);
}

std::vector<rung> plan_ladder(int width, int height, double fps) {
  std::vector<rung> ladder;
  if (width <= 0 || height <= 0) return ladder;
  const int short_side = std::min(width, height);
  const bool landscape = width >= height;
  for (int size : rung_sizes) {
    if (size > short_side) continue;
    rung r;
    if (landscape) {
      r.height = size;
      r.width = even(width * static_cast<double>(size) / height);
    } else {
      r.width = size;
      r.height = even(height * static_cast<double>(size) / width);
    }
    ladder.push_back(r);
  }
  if (ladder.empty()) ladder.push_back({even(width), even(height)});  // smaller than the lowest rung: keep its size
  for (auto& r : ladder) {
    r.video_kbps = video_kbps_for(r.width, r.height, fps);
    r.audio_kbps = std::min(r.width, r.height) >= 480 ? 128 : 96;
  }
  return ladder;
}

}  // namespace lifelong::transcoder
