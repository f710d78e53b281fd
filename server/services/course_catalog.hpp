#pragma once
// The catalog's one query: published courses a resident may see, narrowed by search
// words, category, learner group and providing unit, in the order asked for.
#include <cstdint>
#include <string>
#include <vector>

#include "course_service.hpp"

namespace sql {
class Connection;
}

namespace lifelong::services {

enum class catalog_order { newest, most_watched, best_rated, near_home, best_match };

struct catalog_filter {
  std::vector<std::string> terms;  // search terms (search_terms.hpp); every one must match
  // Or else every one of these (query_characters), ranked below those matching terms.
  std::vector<std::string> characters;
  // Or else the course is in one of these categories (their names hold the words),
  // ranked last.
  std::vector<std::string> categories;
  bool searching = false;     // words were given, even if none made a term: then nothing matches
  std::string category;       // a category code, or empty for all
  std::string learner_group;  // a learner group code, or empty for all
  std::uint64_t unit_id = 0;  // courses provided by this unit or one below it; 0: any
  catalog_order order = catalog_order::newest;
};

// `home_path` is the viewer's community and the units above it (empty: anonymous). It
// decides which courses are offered to them and, for near_home, the order: courses of
// their community, then street, then district, then the rest.
page_of_courses find_in_catalog(sql::Connection& db, const catalog_filter& filter,
                                const std::vector<std::uint64_t>& home_path, int offset, int limit);

}  // namespace lifelong::services
