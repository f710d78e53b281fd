#pragma once
// Rows → JSON for both the pages (as mustache models) and the API, so the two agree.
#include <nlohmann/json.hpp>
#include <vector>

#include "services/caption_service.hpp"
#include "services/course_service.hpp"
#include "services/media_links.hpp"
#include "view/views.hpp"

namespace lifelong::handlers {

// A ready lesson's media are signed links (services/media_links.hpp): call these only
// for someone allowed to see the lesson, or the course whose cover it is.
nlohmann::json lesson_json(const services::lesson_row& l, const services::media_links& links, const view::views& v,
                           const std::string& lang);
// Marks a lesson of a published course that changed since approval (is_new,
// video_replaced), as its teacher and reviewers see it.
nlohmann::json with_changes(nlohmann::json lesson, const services::lesson_row& l, const services::course_row& c);
// [{lang, label, url}] for the player's <track> elements.
nlohmann::json captions_json(std::uint64_t lesson_id, const std::vector<services::caption_row>& captions);
// A count in words: `key` with {n} filled in, or `key`_one for one ("1 lesson").
std::string count_text(const view::views& v, const std::string& lang, const std::string& key, long long n);
nlohmann::json course_json(const services::course_row& c, const std::vector<services::category_row>& categories,
                           const services::media_links& links, const view::views& v, const std::string& lang);
nlohmann::json categories_json(const std::vector<services::category_row>& categories, const std::string& lang);

}  // namespace lifelong::handlers
