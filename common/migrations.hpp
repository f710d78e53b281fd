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

struct mysql_settings;  // config.hpp

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

// The versions of `needed` that schema_migrations lacks (all of them on an empty database).
std::vector<int> missing_migrations(sql::Connection& db, const std::vector<int>& needed);
// The versions config/schema held when this binary was built.
const std::vector<int>& schema_versions_built_for();
// Throws, naming what is missing and what to run, unless every migration of `needed`
// (this binary's by default) is applied: a server or transcoder never runs on an older
// schema.
void require_schema(sql::Connection& db, const std::vector<int>& needed = schema_versions_built_for());
// Opens one connection and calls require_schema. A database that cannot be reached is
// only a warning: the process starts, and its readiness says what is down.
void require_schema_if_reachable(const mysql_settings& settings);

}  // namespace lifelong
