#pragma once
// Captions a teacher attaches to a lesson, one per language. WebVTT or SRT comes in;
// ffmpeg (with the input format forced, so a file cannot pose as a playlist that
// fetches other files) turns it into clean WebVTT stored as
//   captions/<lesson>/<lang>-<digest>.vtt
// named by its content (SHA-256 prefix), so a URL always means the same bytes and can
// be cached for good, even after captions are removed and attached again.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "common/mysql_pool.hpp"
#include "course_service.hpp"

namespace lifelong::services {

struct caption_row {
  std::string lang;   // zh-CN or en
  std::string label;  // the language's own name, shown in the player's menu
  std::string digest;  // 16 hex digits of the WebVTT's SHA-256
  std::string file_name() const { return lang + "-" + digest + ".vtt"; }
};

class caption_service {
 public:
  caption_service(mysql_pool& db, course_service& courses, std::filesystem::path media_dir, std::string ffmpeg)
      : db_(db), courses_(courses), dir_(std::move(media_dir) / "captions"), ffmpeg_(std::move(ffmpeg)) {}

  static bool known_language(const std::string& lang);

  std::vector<caption_row> for_lesson(std::uint64_t lesson_id);
  // Every lesson's captions of a course, by lesson id, in one query (the teacher's page).
  std::map<std::uint64_t, std::vector<caption_row>> for_course(std::uint64_t course_id);
  // For a lesson the person may edit: converts and stores; throws invalid with a
  // readable reason when the text is not captions.
  caption_row attach(const actor& who, std::uint64_t lesson_id, const std::string& lang, const std::string& text);
  void remove(const actor& who, std::uint64_t lesson_id, const std::string& lang);
  // The stored file for a media URL's file name, or empty if there is no such caption.
  std::filesystem::path file(std::uint64_t lesson_id, const std::string& name);

 private:
  mysql_pool& db_;
  course_service& courses_;
  std::filesystem::path dir_;
  std::string ffmpeg_;
};

}  // namespace lifelong::services
