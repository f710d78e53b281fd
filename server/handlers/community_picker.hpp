#pragma once
// The home-community choice on the registration, account and learning-card forms:
// communities grouped by "district · street", as the partial community_select expects.
#include <nlohmann/json.hpp>
#include <optional>

#include "app.hpp"

namespace lifelong::handlers {

// Blocking. Communities under `within` (all when nullopt); `selected` is marked.
nlohmann::json community_groups(app& a, std::optional<std::uint64_t> within, std::uint64_t selected);

}  // namespace lifelong::handlers
