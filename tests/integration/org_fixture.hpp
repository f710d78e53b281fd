#pragma once
// A small organisation tree and a ready course, shared by the people and review tests.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "env.hpp"
#include "test_server.hpp"

namespace lifelong::test_env {

std::uint64_t add_unit(const char* level, const std::string& name, std::optional<std::uint64_t> parent);

// city → district A → street → community, and district B → street B → community B beside it.
// Each tree gets its own city, so tests do not see each other's units.
struct test_tree {
  std::uint64_t city = add_unit("city", unique_name("市"), std::nullopt);
  std::uint64_t district_a = add_unit("district", "甲区", city);
  std::uint64_t district_b = add_unit("district", "乙区", city);
  std::uint64_t street = add_unit("street", "某街道", district_a);
  std::uint64_t community = add_unit("community", "某社区", street);
  std::uint64_t street_b = add_unit("street", "乙街道", district_b);
  std::uint64_t community_b = add_unit("community", "乙社区", street_b);
};

// A draft course with one lesson marked ready (transcoding is tested elsewhere).
std::uint64_t complete_course(const signed_in& teacher, const std::string& title = "社区防诈骗");

// Publishes without review (review has its own tests), as an approval would: status,
// publication time, each lesson's current video approved, and the catalog told.
void publish_directly(std::uint64_t course_id);

// Approves a published course's pending changes without review, as an approval would.
void approve_changes_directly(std::uint64_t course_id);

// A published course with one ready lesson of 100 s ("第一课"), by this teacher.
std::uint64_t published_course(const signed_in& teacher, const std::string& title, const std::string& category,
                               const std::vector<std::string>& groups = {});

// Staff make a learning card for a new resident of `community`; returns the card's secret.
std::string issue_card(const signed_in& staff, const std::string& display_name, std::uint64_t community);
// Opens the card's page on a fresh "phone" and presses the button (empty cookie on failure).
signed_in sign_in_with_card(const std::string& secret);

const std::string json_type = "Content-Type: application/json\r\n";

}  // namespace lifelong::test_env
