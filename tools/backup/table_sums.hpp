#pragma once
// Every table's row count and a checksum of its contents, read in the connection's
// current transaction: a backup reads them in the snapshot its dump was taken from, a
// restore reads them again and must find the same.
#include <cstdint>
#include <map>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace sql {
class Connection;
}

namespace lifelong::backup {

struct table_sum {
  std::uint64_t rows = 0;
  std::string checksum;  // the sum of each row's CRC32 over all its columns (NULLs marked)
  bool operator==(const table_sum&) const = default;
};
using table_sums = std::map<std::string, table_sum>;

// The base tables (not views) of the connection's database.
std::vector<std::string> base_tables(sql::Connection& db);
table_sums sum_tables(sql::Connection& db);

// "users: 120 rows in the backup, 119 here" for each table that differs; empty if none.
std::vector<std::string> differences(const table_sums& backed_up, const table_sums& found);

nlohmann::json to_json(const table_sums& sums);
table_sums table_sums_from_json(const nlohmann::json& j);

// `name` quoted for SQL.
std::string quoted_name(const std::string& name);

}  // namespace lifelong::backup
