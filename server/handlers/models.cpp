#include "models.hpp"

#include <cstdio>

#include "view/local_format.hpp"

namespace lifelong::handlers {

nlohmann::json lesson_json(const services::lesson_row& l, const services::media_links& links, const view::views& v,
                           const std::string& lang) {
  nlohmann::json j{{"id", l.id},
                   {"course_id", l.course_id},
                   {"position", l.position},
                   {"title", l.title},
                   {"status", l.status},
                   {"status_text", v.message(lang, "lesson_status." + l.status)},
                   {"progress_pct", l.progress_pct},
                   {"duration_ms", l.duration_ms},
                   {"duration_text", view::duration_text(l.duration_ms, lang)},
                   {"is_ready", l.status == "ready"},
                   {"is_failed", l.status == "failed"},
                   {"is_working", l.status == "queued" || l.status == "transcoding"}};
  if (l.status == "failed") {
    j["failure_code"] = l.failure_code;
    j["failure_message"] = v.message(lang, "lesson_failures." + (l.failure_code.empty() ? "unknown" : l.failure_code));
  }
  if (l.status == "ready") {
    const auto base = links.folder(l.id, l.media_version);
    j["media"] = {{"hls", base + "/master.m3u8"},
                  {"mp4", base + "/fallback.mp4"},
                  {"thumbnails", base + "/thumbnails.vtt"},
                  {"poster", base + "/poster.jpg"}};
  }
  return j;
}

nlohmann::json with_changes(nlohmann::json lesson, const services::lesson_row& l, const services::course_row& c) {
  if (c.status != "published") return lesson;
  lesson["is_new"] = l.published_version == 0;
  lesson["video_replaced"] = l.published_version != 0 && l.media_version != l.published_version;
  return lesson;
}

nlohmann::json captions_json(std::uint64_t lesson_id, const std::vector<services::caption_row>& captions) {
  auto out = nlohmann::json::array();
  for (const auto& c : captions)
    out.push_back({{"lang", c.lang},
                   {"label", c.label},
                   {"url", "/media/captions/" + std::to_string(lesson_id) + "/" + c.file_name()}});
  return out;
}

std::string count_text(const view::views& v, const std::string& lang, const std::string& key, long long n) {
  return v.message(lang, n == 1 ? key + "_one" : key, {{"n", std::to_string(n)}});
}

nlohmann::json course_json(const services::course_row& c, const std::vector<services::category_row>& categories,
                           const services::media_links& links, const view::views& v, const std::string& lang) {
  std::string category_name = c.category_code;
  for (const auto& cat : categories)
    if (cat.code == c.category_code) category_name = lang == "en" ? cat.name_en : cat.name_zh;
  char credits[16];
  std::snprintf(credits, sizeof credits, "%.1f", c.credits);
  nlohmann::json j{{"id", c.id},
                   {"title", c.title},
                   {"summary", c.summary},
                   {"category", {{"code", c.category_code}, {"name", category_name}}},
                   {"teacher_name", c.teacher_name},
                   {"status", c.status},
                   {"status_text", v.message(lang, "course_status." + c.status)},
                   {"is_published", c.status == "published"},
                   {"changes", c.changes},
                   {"credits", credits},
                   {"lesson_count", c.lesson_count},
                   {"lessons_text", count_text(v, lang, "course.lesson_count", c.lesson_count)},
                   {"learners", c.learners}};
  auto groups = nlohmann::json::array();
  for (const auto& code : c.learner_groups)
    groups.push_back({{"code", code}, {"name", v.message(lang, "learner_groups." + code)}});
  j["learner_groups"] = groups;
  if (c.rating_count > 0) {  // the average and how many gave it; nothing until someone has
    char average[8];
    std::snprintf(average, sizeof average, "%.1f", static_cast<double>(c.rating_sum) / c.rating_count);
    const auto count = std::to_string(c.rating_count);
    j["rating"] = {{"count", c.rating_count},
                   {"average", std::stod(average)},
                   {"text", v.message(lang, c.rating_count == 1 ? "course.rating_one" : "course.rating_text",
                                      {{"average", average}, {"count", count}})}};
  }
  if (!c.cover_image.empty()) {  // its own, in three widths (cover_service.hpp)
    const auto base = "/media/covers/" + std::to_string(c.id) + "/" + c.cover_image + "-";
    j["cover"] = base + "640.jpg";
    j["cover_srcset"] = base + "320.jpg 320w, " + base + "640.jpg 640w, " + base + "1280.jpg 1280w";
    j["own_cover"] = true;
  } else if (c.cover_lesson_id) {
    j["cover"] = links.folder(c.cover_lesson_id, c.cover_version) + "/poster.jpg";
  }
  return j;
}

nlohmann::json categories_json(const std::vector<services::category_row>& categories, const std::string& lang) {
  auto out = nlohmann::json::array();
  for (const auto& c : categories)
    out.push_back(
        {{"code", c.code}, {"name", lang == "en" ? c.name_en : c.name_zh}, {"for_older_adults", c.for_older_adults}});
  return out;
}

}  // namespace lifelong::handlers
