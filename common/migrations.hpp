#pragma once
// Applies config/schema/NNN_*.sql in order, each once, recorded in schema_migrations.
#include <string>
#include <vector>

namespace sql {
class Connection;
}

namespace lifelong {

// Splits a schema file into statements (our files: no procedures, ';' ends a line).
std::vector<std::string> split_sql(const std::string& text);

// Returns the versions applied by this call.
std::vector<int> apply_migrations(sql::Connection& db, const std::string& schema_dir);

}  // namespace lifelong
