#include "caption_service.hpp"

#include <fstream>
#include <sstream>

#include "common/child_process.hpp"
#include "common/tokens.hpp"
#include "error.hpp"
#include "storage/sql.hpp"

namespace fs = std::filesystem;

namespace lifelong::services {
namespace {

std::string label_of(const std::string& lang) {
  return lang == "en" ? "English" : "中文";
}

// WebVTT starts with "WEBVTT" (perhaps after a byte-order mark); anything else is
// read as SRT.
std::string format_of(const std::string& text) {
  const auto start = text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  return text.compare(start, 6, "WEBVTT") == 0 ? "webvtt" : "srt";
}

std::string read_all(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

bool caption_service::known_language(const std::string& lang) {
  return lang == "zh-CN" || lang == "en";
}

std::vector<caption_row> caption_service::for_lesson(std::uint64_t lesson_id) {
  return db_.with([&](sql::Connection& db) {
    auto r = storage::select(db, "SELECT lang, label, digest FROM lesson_captions WHERE lesson_id = ? ORDER BY lang",
                             lesson_id);
    std::vector<caption_row> out;
    while (r->next()) out.push_back({storage::text(r, "lang"), storage::text(r, "label"), storage::text(r, "digest")});
    return out;
  });
}

std::map<std::uint64_t, std::vector<caption_row>> caption_service::for_course(std::uint64_t course_id) {
  return db_.with([&](sql::Connection& db) {
    auto r = storage::select(db,
                             "SELECT c.lesson_id, c.lang, c.label, c.digest FROM lesson_captions c "
                             "JOIN lessons l ON l.id = c.lesson_id WHERE l.course_id = ? ORDER BY c.lesson_id, c.lang",
                             course_id);
    std::map<std::uint64_t, std::vector<caption_row>> out;
    while (r->next())
      out[r->getUInt64("lesson_id")].push_back(
          {storage::text(r, "lang"), storage::text(r, "label"), storage::text(r, "digest")});
    return out;
  });
}

caption_row caption_service::attach(const actor& who, std::uint64_t lesson_id, const std::string& lang,
                                    const std::string& text) {
  courses_.editable_lesson(who, lesson_id);
  if (!known_language(lang)) throw invalid("errors.captions_language", "lang");
  if (text.find("-->") == std::string::npos) throw invalid("errors.captions_unreadable");
  const auto folder = dir_ / std::to_string(lesson_id);
  fs::create_directories(folder);
  const auto tmp = folder / (".tmp-" + random_token().substr(0, 12));
  std::ofstream(tmp.string() + ".in", std::ios::binary) << text;
  // The same rules as for videos: the format forced, the file protocol only, and limits.
  const auto options = small_file_job();
  auto converted =
      run_child({ffmpeg_, "-hide_banner", "-loglevel", "error", "-nostdin", "-protocol_whitelist", "file", "-f",
                 format_of(text), "-i", "file:" + tmp.string() + ".in", "-f", "webvtt", "-y", tmp.string() + ".vtt"},
                options);
  fs::remove(tmp.string() + ".in");
  const auto vtt = tmp.string() + ".vtt";
  const auto converted_text = read_all(vtt);
  if (!converted.ok() || converted_text.find("-->") == std::string::npos) {
    fs::remove(vtt);
    throw invalid("errors.captions_unreadable");
  }
  caption_row row{lang, label_of(lang), sha256_hex(converted_text).substr(0, 16)};
  fs::rename(vtt, folder / row.file_name());
  db_.with([&](sql::Connection& db) {
    storage::change(db,
                    "INSERT INTO lesson_captions (lesson_id, lang, label, digest) VALUES (?, ?, ?, ?) "
                    "ON DUPLICATE KEY UPDATE label = VALUES(label), digest = VALUES(digest)",
                    lesson_id, lang, row.label, row.digest);
  });
  // Earlier captions in this language are no longer linked from anywhere.
  for (const auto& entry : fs::directory_iterator(folder))
    if (entry.path().filename().string().rfind(lang + "-", 0) == 0 && entry.path().filename() != row.file_name())
      fs::remove(entry.path());
  return row;
}

void caption_service::remove(const actor& who, std::uint64_t lesson_id, const std::string& lang) {
  courses_.editable_lesson(who, lesson_id);
  db_.with([&](sql::Connection& db) {
    if (storage::change(db, "DELETE FROM lesson_captions WHERE lesson_id = ? AND lang = ?", lesson_id, lang) == 0)
      throw not_found();
  });
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_ / std::to_string(lesson_id), ec))
    if (entry.path().filename().string().rfind(lang + "-", 0) == 0) fs::remove(entry.path(), ec);
}

fs::path caption_service::file(std::uint64_t lesson_id, const std::string& name) {
  for (const auto& c : for_lesson(lesson_id))
    if (c.file_name() == name) return dir_ / std::to_string(lesson_id) / name;
  return {};
}

}  // namespace lifelong::services
