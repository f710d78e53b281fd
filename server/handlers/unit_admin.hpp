#pragma once
// Checks shared by the unit API and the administration page. All blocking.
#include <optional>

#include "app.hpp"

namespace lifelong::handlers {

// 404 for an unknown unit, 403 unless the person administers it (or a unit above it).
void require_administrator(app& a, const http::session& who, std::uint64_t unit);
// Staff of an area may do less than its administrators: set up residents and cards.
void require_staff(app& a, const http::session& who, std::uint64_t unit);
// The top of the person's administrative area: the city for a site administrator, the
// reviewer's unit otherwise; nullopt for anyone else.
std::optional<std::uint64_t> administered_root(app& a, const http::session& who);
// Where a CSV import may write: anywhere (nullopt) for a site administrator, else the
// reviewer's unit; 403 for anyone else.
std::optional<std::uint64_t> import_area(const http::session& who);
// Teachers, staff and reviewers of the unit and every unit below it.
std::vector<services::role_holder> people_in(app& a, std::uint64_t unit);

}  // namespace lifelong::handlers
