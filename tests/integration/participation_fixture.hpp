#pragma once
// What the participation tests share: the figures of a unit over HTTP, a person's
// learning as the player would report it, and the back-dating of learning days.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "org_fixture.hpp"

namespace lifelong::test_env {

// GET /api/v1/stats/units/{unit}{query} as `who`; expects 200.
nlohmann::json figures(const signed_in& who, std::uint64_t unit, const std::string& query = "");
// Enrols in the course and reports its first lesson played from 0 to `seconds`.
void watch(const signed_in& who, std::uint64_t course, double seconds);
// Moves the person's first learning day back, as if they had learned `days` ago: their
// day row, and their count in each unit of `home_and_above` (what the ledger had written).
void learned_days_ago(const signed_in& who, int days, const std::vector<std::uint64_t>& home_and_above);
void set_population(std::uint64_t unit, int population);
// The row of one unit below in a unit's figures.
const nlohmann::json& child(const nlohmann::json& f, std::uint64_t unit);

}  // namespace lifelong::test_env
