#include "table_sums.hpp"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <memory>
#include <nlohmann/json.hpp>

namespace lifelong::backup {

std::string quoted_name(const std::string& name) {
  std::string out = "`";
  for (char c : name) out += c == '`' ? std::string("``") : std::string(1, c);
  return out + "`";
}

std::vector<std::string> base_tables(sql::Connection& db) {
  std::unique_ptr<sql::Statement> st(db.createStatement());
  std::unique_ptr<sql::ResultSet> rs(
      st->executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() "
                       "AND table_type = 'BASE TABLE' ORDER BY table_name"));
  std::vector<std::string> out;
  while (rs->next()) out.push_back(rs->getString(1));
  return out;
}

namespace {

std::vector<std::string> columns_of(sql::Connection& db, const std::string& table) {
  std::unique_ptr<sql::PreparedStatement> st(
      db.prepareStatement("SELECT column_name FROM information_schema.columns WHERE table_schema = DATABASE() "
                          "AND table_name = ? ORDER BY ordinal_position"));
  st->setString(1, table);
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery());
  std::vector<std::string> out;
  while (rs->next()) out.push_back(rs->getString(1));
  return out;
}

}  // namespace

table_sums sum_tables(sql::Connection& db) {
  table_sums out;
  for (const auto& table : base_tables(db)) {
    // ISNULL before each value tells a NULL from an empty string; the sum does not
    // depend on the order rows are read in.
    std::string row = "CONCAT_WS(0x1f";
    for (const auto& column : columns_of(db, table))
      row += ", ISNULL(" + quoted_name(column) + "), " + quoted_name(column);
    row += ")";
    std::unique_ptr<sql::Statement> st(db.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT COUNT(*), CAST(COALESCE(SUM(CRC32(" + row +
                                                        ")), 0) AS CHAR) FROM " + quoted_name(table)));
    rs->next();
    out[table] = {static_cast<std::uint64_t>(rs->getUInt64(1)), rs->getString(2)};
  }
  return out;
}

std::vector<std::string> differences(const table_sums& backed_up, const table_sums& found) {
  std::vector<std::string> out;
  for (const auto& [table, sum] : backed_up) {
    auto here = found.find(table);
    if (here == found.end())
      out.push_back(table + ": missing");
    else if (here->second.rows != sum.rows)
      out.push_back(table + ": " + std::to_string(sum.rows) + " rows in the backup, " +
                    std::to_string(here->second.rows) + " here");
    else if (here->second.checksum != sum.checksum)
      out.push_back(table + ": as many rows, other contents");
  }
  for (const auto& [table, sum] : found)
    if (!backed_up.count(table)) out.push_back(table + ": not in the backup");
  return out;
}

nlohmann::json to_json(const table_sums& sums) {
  auto j = nlohmann::json::object();
  for (const auto& [table, sum] : sums) j[table] = {{"rows", sum.rows}, {"checksum", sum.checksum}};
  return j;
}

table_sums table_sums_from_json(const nlohmann::json& j) {
  table_sums out;
  for (const auto& [table, sum] : j.items())
    out[table] = {sum.at("rows").get<std::uint64_t>(), sum.at("checksum").get<std::string>()};
  return out;
}

}  // namespace lifelong::backup
