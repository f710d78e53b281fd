#pragma once
// The catalog's n-gram index in MariaDB (table course_terms; terms from search_terms.hpp).
// Kept in step by course_service on every change of a title, summary or lesson title,
// inside the same transaction, so a search never sees a course half-indexed.
#include <cppconn/connection.h>

#include <cstdint>
#include <string>
#include <vector>

namespace lifelong::services {

// Rewrites the course's terms from its title, summary and lesson titles.
void index_course(sql::Connection& db, std::uint64_t course_id);
// Indexes every course that has no terms yet (after the index is first created).
int index_missing(sql::Connection& db);

struct search_page {
  std::vector<std::uint64_t> course_ids;  // best first
  int total = 0;
};

// Published courses matching every query term, offered to `home_path` (see
// course_service::published): ranked by where the terms occur (title before lesson
// titles before summary), then newest.
search_page search_courses(sql::Connection& db, const std::vector<std::string>& terms,
                           const std::string& audience_sql, int offset, int limit);

}  // namespace lifelong::services
