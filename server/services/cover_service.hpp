#pragma once
// A course's own cover: an uploaded JPEG, PNG or WebP, checked by its first bytes and
// redrawn by ffmpeg (under the same limits as captions) as 16:9 JPEGs 320, 640 and 1280
// px wide, so nothing of the upload itself is ever served. Of a published course the new
// cover waits for review like its other changes.
#include <cstdint>
#include <filesystem>
#include <string>

#include "actor.hpp"
#include "common/mysql_pool.hpp"
#include "course_service.hpp"

namespace lifelong::services {

constexpr std::uint64_t max_cover_bytes = 10ULL << 20;
constexpr int cover_widths[] = {320, 640, 1280};

class cover_service {
 public:
  cover_service(mysql_pool& db, course_service& courses, std::filesystem::path media_dir, std::string ffmpeg)
      : db_(db), courses_(courses), dir_(std::move(media_dir) / "covers"), ffmpeg_(std::move(ffmpeg)) {}

  // Refused before the body is read: not this person's to edit, or larger than allowed.
  void admit(const actor& who, std::uint64_t course_id, std::uint64_t declared_bytes);
  // The picture at `upload` (which the connection removes afterwards) becomes the
  // course's cover, or its pending one; invalid cover_not_image for anything ffmpeg
  // cannot read as one picture.
  void attach(const actor& who, std::uint64_t course_id, const std::filesystem::path& upload, std::uint64_t bytes);
  // The file of a cover (empty path when the name is not one of its widths).
  std::filesystem::path file(std::uint64_t course_id, const std::string& name) const;

 private:
  mysql_pool& db_;
  course_service& courses_;
  std::filesystem::path dir_;
  std::string ffmpeg_;
};

}  // namespace lifelong::services
