#include "cover_service.hpp"

#include <fstream>
#include <regex>

#include "common/child_process.hpp"
#include "common/tokens.hpp"
#include "course_changes.hpp"
#include "error.hpp"
#include "storage/sql.hpp"

namespace lifelong::services {
namespace fs = std::filesystem;
namespace {

// ffmpeg's demuxer for the picture, by its first bytes; empty for anything else.
std::string demuxer_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  unsigned char b[12] = {};
  in.read(reinterpret_cast<char*>(b), sizeof b);
  if (in.gcount() < 12) return {};
  if (b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "jpeg_pipe";
  if (b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') return "png_pipe";
  if (std::string(reinterpret_cast<char*>(b), 4) == "RIFF" && std::string(reinterpret_cast<char*>(b) + 8, 4) == "WEBP")
    return "webp_pipe";
  return {};
}

}  // namespace

void cover_service::admit(const actor& who, std::uint64_t course_id, std::uint64_t declared_bytes) {
  courses_.editable(who, course_id);
  if (declared_bytes == 0) throw invalid("errors.cover_not_image");
  if (declared_bytes > max_cover_bytes) throw too_large("errors.cover_too_large");
}

void cover_service::attach(const actor& who, std::uint64_t course_id, const fs::path& upload, std::uint64_t bytes) {
  courses_.editable(who, course_id);
  if (bytes > max_cover_bytes) throw too_large("errors.cover_too_large");
  const auto demuxer = demuxer_of(upload);
  if (demuxer.empty()) throw invalid("errors.cover_not_image");
  const auto folder = dir_ / std::to_string(course_id);
  fs::create_directories(folder);
  const auto stem = random_token().substr(0, 16);
  for (const int width : cover_widths) {
    const int height = width * 9 / 16;
    const auto options = small_file_job();
    const auto out = folder / (".tmp-" + stem + "-" + std::to_string(width) + ".jpg");
    const auto size = std::to_string(width) + ":" + std::to_string(height);
    // Filled and cropped to 16:9, one frame, the file protocol only.
    const auto made = run_child({ffmpeg_,
                                 "-hide_banner",
                                 "-loglevel",
                                 "error",
                                 "-nostdin",
                                 "-protocol_whitelist",
                                 "file",
                                 "-f",
                                 demuxer,
                                 "-i",
                                 "file:" + upload.string(),
                                 "-frames:v",
                                 "1",
                                 "-vf",
                                 "scale=" + size + ":force_original_aspect_ratio=increase,crop=" + size,
                                 "-q:v",
                                 "4",
                                 "-f",
                                 "image2",
                                 "-c:v",
                                 "mjpeg",
                                 "-y",
                                 out.string()},
                                options);
    std::error_code ec;
    if (!made.ok() || !fs::exists(out) || fs::file_size(out, ec) == 0) {
      for (const int w : cover_widths) fs::remove(folder / (".tmp-" + stem + "-" + std::to_string(w) + ".jpg"), ec);
      throw invalid("errors.cover_not_image");
    }
  }
  for (const int width : cover_widths)
    fs::rename(folder / (".tmp-" + stem + "-" + std::to_string(width) + ".jpg"),
               folder / (stem + "-" + std::to_string(width) + ".jpg"));
  db_.with([&](sql::Connection& db) {
    storage::in_transaction(db, [&] {
      // Read again under lock: an approval during the redrawing must not let it skip review.
      auto now = storage::select(db, "SELECT status FROM courses WHERE id = ? FOR UPDATE", course_id);
      if (!now->next()) throw not_found();
      if (storage::text(now, "status") == "published") {
        note_change(db, course_id);  // learners keep the approved cover until review
        storage::change(db, "UPDATE courses SET draft_cover_image = ? WHERE id = ?", stem, course_id);
      } else {
        storage::change(db, "UPDATE courses SET cover_image = ?, draft_cover_image = NULL WHERE id = ?", stem,
                        course_id);
      }
    });
  });
  courses_.course_changed();
  // Covers no longer in use (replaced, or never approved) go.
  const auto kept = courses_.find(course_id);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    const auto name = entry.path().filename().string();
    const auto in_use = [&](const std::string& stem) { return !stem.empty() && name.rfind(stem + "-", 0) == 0; };
    if (kept && !in_use(kept->cover_image) && !in_use(kept->draft_cover_image) && name.rfind(".tmp-", 0) != 0)
      fs::remove(entry.path(), ec);
  }
}

fs::path cover_service::file(std::uint64_t course_id, const std::string& name) const {
  static const std::regex shape("[A-Za-z0-9_-]{16}-(320|640|1280)\\.jpg");
  if (!std::regex_match(name, shape)) return {};
  const auto path = dir_ / std::to_string(course_id) / name;
  return fs::exists(path) ? path : fs::path{};
}

}  // namespace lifelong::services
