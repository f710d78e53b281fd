#pragma once
// The organisation tree as a spreadsheet: one unit per row, named by its full path.
//
//   city,district,street,community,population
//   示例市,,,,2000000
//   示例市,东城区,,,500000
//   示例市,东城区,和平街道,幸福社区,8000
//
// Trailing empty cells make a row a higher-level unit. Reading checks each row on its
// own; whether parents exist is the importer's business (org_service).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "error.hpp"

namespace lifelong::services {

struct unit_csv_row {
  std::size_t line = 0;
  std::vector<std::string> path;  // city first; 1–4 names
  std::optional<std::uint64_t> population;  // empty cell: keep what is stored (0 if new)
};

struct unit_csv {
  std::vector<unit_csv_row> rows;
  std::vector<line_problem> problems;
};

// Accepts UTF-8 (with or without a BOM) and GB18030/GBK, which Chinese spreadsheet
// programs write by default. The first line must be the header.
unit_csv read_unit_csv(const std::string& text);

// A unit's name, from the CSV or a form: 1–50 characters of UTF-8, no control bytes.
bool valid_unit_name(const std::string& name);

constexpr std::size_t max_unit_csv_rows = 50000;

}  // namespace lifelong::services
