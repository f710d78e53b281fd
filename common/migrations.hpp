#pragma once
// Applies config/schema/NNN_*.sql in order, each once, recorded in schema_migrations.
// A file's statements are recorded one by one as they succeed (schema_migration_steps),
// so a file that fails midway (a back-fill meeting bad rows, a lost connection) is taken
// up again at the statement that failed once its cause is fixed: MariaDB commits DDL as
// it goes, and re-running the statements already done would fail or do them twice.
#include <functional>
#include <string>
#include <vector>

namespace sql {
class Connection;
}

namespace lifelong {

// Splits a schema file into statements (our files: no procedures, ';' ends a line).
std::vector<std::string> split_sql(const std::string& text);

// Whether a statement changes rows only (then it and its record commit together).
bool is_row_change(const std::string& statement);

// What a migration is doing, for the operator: one line per file and statement.
using migration_progress = std::function<void(const std::string&)>;

// Returns the versions applied by this call. `db` should have no read timeout shorter
// than the longest statement (mysql_pool::connect_for_migrations).
std::vector<int> apply_migrations(sql::Connection& db, const std::string& schema_dir,
                                  const migration_progress& say = {});

}  // namespace lifelong
