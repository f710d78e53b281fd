#pragma once
// The catalog's n-gram index in MariaDB (table course_terms; terms from search_terms.hpp).
// Kept in step by course_service on every change of a title, summary or lesson title,
// inside the same transaction, so a search never sees a course half-indexed.
#include <cppconn/connection.h>

#include <cstdint>

namespace lifelong::services {

// Rewrites the course's terms from its title, summary and lesson titles.
void index_course(sql::Connection& db, std::uint64_t course_id);
// Indexes every course that has no terms yet (after the index is first created).
int index_missing(sql::Connection& db);

}  // namespace lifelong::services
