#pragma once
// Reading courses from the database, shared by the course service and the catalog.
// Internal to services/: handlers use course_service.
#include <cstdint>
#include <string>
#include <vector>

#include "course_service.hpp"

namespace sql {
class Connection;
}

namespace lifelong::services {

// Published-or-not courses with these ids, in the order given (unknown ids left out).
std::vector<course_row> courses_by_id(sql::Connection& db, const std::vector<std::uint64_t>& ids);
// Every course matching `where` (SQL over the alias c, no user input), in `order`.
std::vector<course_row> courses_where(sql::Connection& db, const std::string& where_and_order,
                                      std::uint64_t bound_id = 0);
// SQL true for a course offered to someone living at `home_path` (the whole city's
// courses, or those offered to a unit on that path). Numbers only: safe to splice.
std::string offered_to_sql(const std::vector<std::uint64_t>& home_path);

}  // namespace lifelong::services
