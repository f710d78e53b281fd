#include "migrations.hpp"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "mysql_pool.hpp"
#include "tokens.hpp"

namespace lifelong {

std::vector<std::string> split_sql(const std::string& text) {
  std::vector<std::string> out;
  std::string current;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line.compare(first, 2, "--") == 0) continue;
    current += line;
    current += '\n';
    auto last = line.find_last_not_of(" \t\r");
    if (line[last] == ';') {
      current.erase(current.find_last_of(';'));
      out.push_back(current);
      current.clear();
    }
  }
  if (current.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(current);
  return out;
}

bool is_row_change(const std::string& statement) {
  std::string word;
  for (char c : statement) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (word.empty()) continue;
      break;
    }
    word += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return word == "INSERT" || word == "UPDATE" || word == "DELETE" || word == "REPLACE";
}

namespace {

std::string first_line(const std::string& statement) {
  auto start = statement.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return {};
  auto line = statement.substr(start, statement.find('\n', start) - start);
  return line.size() > 100 ? line.substr(0, 100) + "…" : line;
}

std::string seconds_since(std::chrono::steady_clock::time_point t) {
  char out[32];
  std::snprintf(out, sizeof out, "%.1f s", std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count());
  return out;
}

// What a step was (its SHA-256), so that a file edited between a failure and the next
// run is noticed instead of its statements being skipped or run by the wrong numbers.
std::string digest(const std::string& statement) {
  return sha256_hex(statement);
}

void record_step(sql::Connection& db, int version, std::size_t step, const std::string& statement) {
  std::unique_ptr<sql::PreparedStatement> ins(
      db.prepareStatement("INSERT INTO schema_migration_steps (version, step, digest) VALUES (?, ?, ?)"));
  ins->setInt(1, version);
  ins->setInt(2, static_cast<int>(step));
  ins->setString(3, digest(statement));
  ins->execute();
}

// Waits for the schema lock as long as another host's migration holds it, saying so
// each minute (the migrate unit of every host starts at once after an upgrade).
void take_schema_lock(sql::Statement& st, const migration_progress& say) {
  for (int minute = 0; minute < 24 * 60; ++minute) {
    std::unique_ptr<sql::ResultSet> lock(st.executeQuery("SELECT GET_LOCK('lifelong_migrations', 60)"));
    if (lock->next() && lock->getInt(1) == 1) return;
    if (say) say("waiting for the schema lock: another migration is running (" + std::to_string(minute + 1) + " min)");
  }
  throw std::runtime_error("migrations: another migration has held the schema lock for a day; see what it is doing");
}

}  // namespace

std::vector<int> apply_migrations(sql::Connection& db, const std::string& schema_dir, const migration_progress& say) {
  auto tell = [&](const std::string& line) {
    if (say) say(line);
  };
  std::unique_ptr<sql::Statement> st(db.createStatement());
  // Several processes may start at once (servers, tools, tests): one applies, the
  // others wait and then find nothing left to do.
  take_schema_lock(*st, say);
  struct unlock {
    sql::Statement& st;
    ~unlock() {
      try {
        std::unique_ptr<sql::ResultSet>(st.executeQuery("SELECT RELEASE_LOCK('lifelong_migrations')"));
      } catch (...) {
      }
    }
  } release{*st};
  st->execute(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INT PRIMARY KEY, "
      "applied_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
  st->execute(
      "CREATE TABLE IF NOT EXISTS schema_migration_steps (version INT NOT NULL, step INT NOT NULL, "
      "done_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP, PRIMARY KEY (version, step)) "
      "ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
  st->execute("ALTER TABLE schema_migration_steps ADD COLUMN IF NOT EXISTS digest CHAR(64) NOT NULL DEFAULT ''");
  std::set<int> done;
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT version FROM schema_migrations"));
  while (rs->next()) done.insert(rs->getInt(1));
  std::map<std::pair<int, int>, std::string> steps_done;  // (version, step) -> digest
  std::unique_ptr<sql::ResultSet> steps(st->executeQuery("SELECT version, step, digest FROM schema_migration_steps"));
  while (steps->next()) steps_done[{steps->getInt(1), steps->getInt(2)}] = steps->getString(3);

  std::map<int, std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(schema_dir)) {
    const auto name = entry.path().filename().string();
    if (entry.path().extension() != ".sql" || name.size() < 4 || !std::isdigit(static_cast<unsigned char>(name[0])))
      continue;
    files[std::stoi(name)] = entry.path();
  }
  std::vector<int> applied;
  for (const auto& [version, path] : files) {
    if (done.count(version)) continue;
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    const auto statements = split_sql(text.str());
    const auto file = path.filename().string();
    const auto file_started = std::chrono::steady_clock::now();
    tell(file + ": " + std::to_string(statements.size()) + " statement(s)");
    for (std::size_t i = 0; i < statements.size(); ++i) {
      const auto step = std::to_string(i + 1) + "/" + std::to_string(statements.size());
      if (auto was = steps_done.find({version, static_cast<int>(i + 1)}); was != steps_done.end()) {
        if (!was->second.empty() && was->second != digest(statements[i]))
          throw std::runtime_error("migration " + file + ": statement " + step +
                                   " was applied from a different text than the file holds now. Put back the "
                                   "file of the release that began this migration and run migrate again "
                                   "(docs/operations.md, 'A migration stopped').");
        tell("  " + step + " done before, skipped");
        continue;
      }
      tell("  " + step + " " + first_line(statements[i]));
      const auto started = std::chrono::steady_clock::now();
      try {
        // A row change commits with its record, so it is done exactly once; DDL commits
        // by itself, and is recorded just after.
        const bool together = is_row_change(statements[i]);
        if (together) db.setAutoCommit(false);
        st->execute(statements[i]);
        record_step(db, version, i + 1, statements[i]);
        if (together) {
          db.commit();
          db.setAutoCommit(true);
        }
      } catch (const std::exception& e) {
        try {
          db.rollback();
          db.setAutoCommit(true);
        } catch (...) {
        }
        throw std::runtime_error("migration " + file + " stopped at statement " + step + " (" +
                                 first_line(statements[i]) + "): " + e.what() +
                                 ". The statements before it are recorded; fix the cause and run migrate again.");
      }
      tell("    " + seconds_since(started));
    }
    std::unique_ptr<sql::PreparedStatement> ins(
        db.prepareStatement("INSERT INTO schema_migrations (version) VALUES (?)"));
    ins->setInt(1, version);
    ins->execute();
    std::unique_ptr<sql::PreparedStatement> forget(
        db.prepareStatement("DELETE FROM schema_migration_steps WHERE version = ?"));
    forget->setInt(1, version);
    forget->execute();
    tell(file + ": applied in " + seconds_since(file_started));
    applied.push_back(version);
  }
  return applied;
}

std::vector<int> missing_migrations(sql::Connection& db, const std::vector<int>& needed) {
  std::set<int> done;
  try {
    std::unique_ptr<sql::Statement> st(db.createStatement());
    std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT version FROM schema_migrations"));
    while (rs->next()) done.insert(rs->getInt(1));
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != 1146) throw;  // 1146: no such table, nothing was ever applied
  }
  std::vector<int> missing;
  for (int v : needed)
    if (!done.count(v)) missing.push_back(v);
  return missing;
}

const std::vector<int>& schema_versions_built_for() {
  static const std::vector<int> versions{LIFELONG_SCHEMA_VERSIONS};
  return versions;
}

void require_schema(sql::Connection& db, const std::vector<int>& needed) {
  const auto missing = missing_migrations(db, needed);
  if (missing.empty()) return;
  std::string list;
  for (int v : missing) list += (list.empty() ? "" : ", ") + std::to_string(v);
  throw std::runtime_error("the database lacks migration(s) " + list +
                           " of this release: run lifelong-admin migrate (systemctl start lifelong-migrate) first");
}

void require_schema_if_reachable(const mysql_settings& settings) {
  std::unique_ptr<sql::Connection> db;
  try {
    db = mysql_pool(settings).connect();
  } catch (const std::exception& e) {
    spdlog::warn("schema not checked: MariaDB cannot be reached yet ({})", e.what());
    return;
  }
  require_schema(*db);
}

}  // namespace lifelong
