#pragma once
// Plans the HLS ladder from the source: rungs of {1080, 720, 480, 360} on the shorter
// side, never above the source, aspect ratio kept (so portrait video stays portrait).
#include <vector>

namespace lifelong::transcoder {

struct rung {
  int width = 0;
  int height = 0;
  int video_kbps = 0;
  int audio_kbps = 0;
};

// width/height as displayed (rotation applied); fps of the source.
std::vector<rung> plan_ladder(int width, int height, double fps);

// Video bitrate for a frame size from a bits-per-pixel table (smaller frames need
// more bits per pixel to look as good).
int video_kbps_for(int width, int height, double fps);

}  // namespace lifelong::transcoder
