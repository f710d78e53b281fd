#include "migrations.hpp"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <stdexcept>

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

std::vector<int> apply_migrations(sql::Connection& db, const std::string& schema_dir) {
  std::unique_ptr<sql::Statement> st(db.createStatement());
  // Several processes may start at once (servers, tools, tests): one applies, the
  // others wait and then find nothing left to do.
  std::unique_ptr<sql::ResultSet> lock(st->executeQuery("SELECT GET_LOCK('lifelong_migrations', 60)"));
  if (!lock->next() || lock->getInt(1) != 1) throw std::runtime_error("migrations: could not take the schema lock");
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
  std::set<int> done;
  std::unique_ptr<sql::ResultSet> rs(st->executeQuery("SELECT version FROM schema_migrations"));
  while (rs->next()) done.insert(rs->getInt(1));

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
    // MariaDB commits DDL implicitly, so a failed file can leave part of it applied;
    // the error names the file so it can be fixed by hand.
    try {
      for (const auto& statement : split_sql(text.str())) st->execute(statement);
    } catch (const std::exception& e) {
      throw std::runtime_error("migration " + path.filename().string() + " failed: " + e.what());
    }
    std::unique_ptr<sql::PreparedStatement> ins(
        db.prepareStatement("INSERT INTO schema_migrations (version) VALUES (?)"));
    ins->setInt(1, version);
    ins->execute();
    applied.push_back(version);
  }
  return applied;
}

}  // namespace lifelong
