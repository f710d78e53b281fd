#pragma once
// Reading the catalog's query string (?q, category, group, unit, sort, page) into a
// filter, refusing what cannot be understood with a message that says which part.
#include <string>
#include <vector>

#include "http/request.hpp"
#include "services/course_catalog.hpp"
#include "services/course_service.hpp"

namespace lifelong::handlers {

struct catalog_query {
  services::catalog_filter filter;
  std::string words;      // the search words as typed (trimmed, at most 100 characters)
  std::string sort;       // newest, popular, near or relevance
  std::string unit;       // the unit id as given, or empty
  std::string canonical;  // "q=…&category=…&" in a fixed order: pager links and cache keys
};

// bad_request (field named) for an unknown category, group or sort, a unit that is
// not a number, or "near" for someone without a home community.
catalog_query read_catalog_query(const http::request& req, const std::vector<services::category_row>& categories,
                                 const std::vector<services::learner_group_row>& groups);

}  // namespace lifelong::handlers
