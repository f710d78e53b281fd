#pragma once
#include <filesystem>
#include <string>

#include "app.hpp"

namespace lifelong::tools {

// Creates the demo organisation tree, accounts and courses unless they exist already.
// Each lesson takes a video from video_dir (demo-<n>.mp4), queued for the transcoder,
// and its Chinese captions from demo-<n>.srt when that is there (make_demo_videos in
// scripts/lib/demo_videos.sh makes both). New accounts' passwords are appended to passwords_file.
// Returns false when the demo content was already there.
bool seed_demo(app& a, const std::filesystem::path& video_dir, const std::filesystem::path& passwords_file);

}  // namespace lifelong::tools
