#include "site_backup.hpp"

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "common/child_process.hpp"
#include "common/migrations.hpp"
#include "common/mysql_pool.hpp"
#include "common/redis_client.hpp"
#include "media_copy.hpp"
#include "redis_copy.hpp"
#include "table_sums.hpp"

namespace fs = std::filesystem;

namespace lifelong::backup {
namespace {

void run(sql::Connection& db, const std::string& statement) {
  std::unique_ptr<sql::Statement> st(db.createStatement());
  st->execute(statement);
}

// A new empty file of mode 0600 whose name no one could guess (mkstemp's pattern).
fs::path private_temp_file(std::string pattern) {
  const int fd = mkstemp(pattern.data());
  if (fd < 0) throw std::runtime_error("cannot create a temporary file in /tmp");
  close(fd);
  return pattern;
}

// The client programs' login as an option file of mode 0600, so the password appears
// in no command line (ps) and no log. Removed when this goes out of scope.
class client_login {
 public:
  explicit client_login(const mysql_settings& s) {
    path_ = private_temp_file("/tmp/lifelong-login-XXXXXX");
    auto quoted = [](const std::string& v) {
      std::string out = "\"";
      for (char c : v) out += (c == '\\' || c == '"') ? std::string("\\") + c : std::string(1, c);
      return out + "\"";
    };
    std::ofstream(path_) << "[client]\nhost=" << s.host << "\nport=" << s.port << "\nuser=" << quoted(s.user)
                         << "\npassword=" << quoted(s.password) << "\ndefault-character-set=utf8mb4\n";
  }
  ~client_login() {
    std::error_code ec;
    fs::remove(path_, ec);
  }
  client_login(const client_login&) = delete;
  client_login& operator=(const client_login&) = delete;
  // Only this file: a [mysqldump] group in /etc/mysql (flush-logs, master-data) would make
  // the dump ask for a global read lock behind ours.
  std::string option() const { return "--defaults-file=" + path_.string(); }

 private:
  fs::path path_;
};

std::string last_lines(const fs::path& file) {
  std::ifstream in(file);
  std::string line, out;
  while (std::getline(in, line)) out = (out.size() > 2000 ? std::string() : out) + line + "\n";
  return out;
}

std::string utc_now() {
  const auto t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char out[32];
  std::strftime(out, sizeof out, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&t));
  return out;
}

run_options long_running(const fs::path& log) {
  run_options o;
  o.stderr_path = log.string();
  o.silence_limit = std::chrono::hours(12);  // a big table's dump or load may be quiet
  return o;
}

// Sessions (server/services/session_store.cpp: a hash "sess:…" with uid and username)
// of people the restored database does not know: someone who signed up after the dump's
// snapshot, their session copied a moment later. Dropped, or the next person to sign up
// would be given that number and that session with it.
std::size_t drop_unknown_sessions(redis_pool& redis, sql::Connection& db) {
  std::unique_ptr<sql::PreparedStatement> known(db.prepareStatement("SELECT username FROM users WHERE id = ?"));
  std::size_t dropped = 0;
  std::string cursor = "0";
  do {
    auto page = redis.command({"SCAN", cursor, "MATCH", "sess:*", "COUNT", "1000"});
    cursor = page.elements.at(0).str;
    for (const auto& key : page.elements.at(1).elements) {
      const auto who = redis.command({"HMGET", key.str, "uid", "username"});
      if (who.elements.size() != 2 || who.elements[0].is_nil()) continue;
      const auto& uid = who.elements[0].str;
      bool same = !uid.empty() && uid.find_first_not_of("0123456789") == std::string::npos && uid.size() < 20;
      if (same) {
        known->setUInt64(1, std::stoull(uid));
        std::unique_ptr<sql::ResultSet> r(known->executeQuery());
        same = r->next() && std::string(r->getString(1)) == who.elements[1].str;
      }
      if (!same) dropped += redis.command({"DEL", key.str}).integer;
    }
  } while (cursor != "0");
  return dropped;
}

bool empty_folder(const fs::path& dir) {
  return !fs::exists(dir) || fs::is_empty(dir);
}

// mariadb-dump --single-transaction into `file`, from the same snapshot as `sums`: every
// table is locked against writes (LOCK TABLES … READ, which waits for writes under way)
// while this connection's snapshot is taken and until the dump's own has begun (it has
// once it writes a table's structure). Writers wait for well under a second.
table_sums dump_database(mysql_pool& pool, const mysql_settings& settings, const fs::path& file, const progress& say) {
  // The checksums of a city's tables take longer than a request's read timeout.
  auto locker = pool.connect_for_migrations();
  auto reader = pool.connect_for_migrations();
  const auto tables = base_tables(*reader);
  if (tables.empty()) throw std::runtime_error("backup: the database " + settings.database + " has no tables");
  std::string lock = "LOCK TABLES ";
  for (std::size_t i = 0; i < tables.size(); ++i) lock += (i ? ", " : "") + quoted_name(tables[i]) + " READ";
  run(*locker, "SET SESSION lock_wait_timeout = 60");
  run(*locker, lock);
  bool locked = true;
  auto unlock = [&] {
    if (locked) run(*locker, "UNLOCK TABLES");
    locked = false;
  };
  run(*reader, "SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
  run(*reader, "START TRANSACTION WITH CONSISTENT SNAPSHOT");

  const client_login login(settings);
  std::ofstream out(file, std::ios::binary);
  bool complete = false;
  const auto log = file.parent_path() / "dump.log";
  const auto result = run_child({"mariadb-dump", login.option(), "--single-transaction", "--hex-blob",
                                 "--no-tablespaces", "--skip-lock-tables", settings.database},
                                long_running(log), [&](const std::string& line) {
                                  out << line << '\n';
                                  if (locked && line.starts_with("-- Table structure for table")) unlock();
                                  complete = line.starts_with("-- Dump completed");
                                });
  unlock();  // a small database's dump arrives in one piece at its end
  out.close();
  if (!result.ok() || !complete || !out) throw std::runtime_error("backup: mariadb-dump failed:\n" + last_lines(log));
  fs::remove(log);
  say("database: " + std::to_string(tables.size()) + " tables dumped; reading their checksums");
  auto sums = sum_tables(*reader);
  run(*reader, "COMMIT");
  return sums;
}

// mariadb-dump's first line turns the client's sandbox mode on: from there the client
// refuses its own commands (\! runs a shell, \. reads another file). A line slipped in
// before it would run unsandboxed, so a dump must begin with it.
void require_sandboxed_dump(const fs::path& file) {
  std::ifstream in(file);
  std::string first;
  std::getline(in, first);
  if (!first.starts_with("/*M!999999\\- enable the sandbox mode */"))
    throw std::runtime_error("restore: " + file.string() +
                             " does not begin by turning the client's sandbox mode on, as mariadb-dump writes it "
                             "(tampered with?)");
}

// The dump is read as SQL only (require_sandboxed_dump), and --local-infile=0 refuses
// LOAD DATA LOCAL, so a backup folder someone tampered with cannot reach this host's files.
void load_database(const mysql_settings& settings, const fs::path& file, const fs::path& log) {
  const client_login login(settings);
  const auto result =
      run_child({"mariadb", login.option(), "--local-infile=0", settings.database, "--execute=source " + file.string()},
                long_running(log));
  const auto said = last_lines(log);
  fs::remove(log);
  if (!result.ok()) throw std::runtime_error("restore: loading " + file.string() + " failed:\n" + said);
}

}  // namespace

void backup_site(const config& cfg, const fs::path& named, const progress& say) {
  umask(077);  // every file of the backup is the operator's alone
  auto dir = fs::absolute(named).lexically_normal();
  if (dir.filename().empty()) dir = dir.parent_path();  // "backup /b/x/" is /b/x
  if (!empty_folder(dir)) throw std::runtime_error("backup: " + dir.string() + " is not empty; name a new folder");
  const fs::path partial = dir.string() + ".partial";
  if (fs::exists(partial)) {
    say("removing " + partial.string() + ", left by a backup that did not finish");
    fs::remove_all(partial);
  }
  fs::create_directories(partial);
  fs::permissions(partial, fs::perms::owner_all);  // sessions and password hashes are inside

  mysql_pool pool(cfg.mysql);
  const auto started = std::chrono::steady_clock::now();
  const auto sums = dump_database(pool, cfg.mysql, partial / "database.sql", say);
  std::uint64_t rows = 0;
  for (const auto& [table, sum] : sums) rows += sum.rows;
  say("database: " + std::to_string(rows) + " rows");

  redis_pool redis(cfg.redis);
  const auto keys = save_redis(redis, partial / "redis.jsonl");
  say("redis: " + std::to_string(keys) + " keys");

  const auto files = copy_media(cfg.media.dir, partial / "media");
  write_manifest(partial / "media.sha256", files);
  std::uint64_t bytes = 0;
  for (const auto& f : files) bytes += f.size;
  say("media: " + std::to_string(files.size()) + " files, " + std::to_string(bytes / (1024 * 1024)) + " MiB");

  nlohmann::json manifest{
      {"format", 1},
      {"created_at", utc_now()},
      {"database", cfg.mysql.database},
      {"schema_versions", schema_versions_built_for()},
      {"tables", to_json(sums)},
      {"redis_keys", keys},
      {"media_files", files.size()},
      {"media_bytes", bytes},
  };
  std::ofstream written(partial / "manifest.json");
  written << manifest.dump(2) << '\n';
  written.close();
  if (!written) throw std::runtime_error("backup: cannot write " + (partial / "manifest.json").string());
  if (fs::exists(dir)) fs::remove(dir);  // the empty folder named
  fs::rename(partial, dir);
  say("backup: " + dir.string() + " in " +
      std::to_string(
          std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started).count()) +
      " s");
}

void restore_site(const config& cfg, const fs::path& dir, const progress& say) {
  std::ifstream manifest_in(dir / "manifest.json");
  if (!manifest_in) throw std::runtime_error("restore: " + dir.string() + " holds no manifest.json: not a backup");
  const auto manifest = nlohmann::json::parse(manifest_in);
  if (manifest.value("format", 0) != 1) throw std::runtime_error("restore: this backup's format is not known");
  const auto sums = table_sums_from_json(manifest.at("tables"));
  const auto files = read_manifest(dir / "media.sha256");
  if (manifest.value("media_files", std::size_t{0}) != files.size())
    throw std::runtime_error("restore: media.sha256 lists " + std::to_string(files.size()) + " files, manifest.json " +
                             std::to_string(manifest.value("media_files", std::size_t{0})) + " (damaged backup?)");
  // A damaged backup is refused before anything is loaded: each file as listed, and no
  // link that leads out of the backup's media folder.
  const auto backup_media = fs::exists(dir / "media") ? fs::canonical(dir / "media") : dir / "media";
  for (const auto& f : files) {
    const auto in_backup = dir / "media" / f.path;
    std::error_code ec;
    const auto real = fs::canonical(in_backup, ec);
    const bool inside = !ec && real.string().rfind(backup_media.string() + "/", 0) == 0;
    if (!inside || fs::symlink_status(in_backup).type() != fs::file_type::regular ||
        fs::file_size(in_backup) != f.size || file_sha256(in_backup) != f.sha256)
      throw std::runtime_error("restore: " + f.path + " differs from the backup's manifest (damaged backup?)");
  }
  say("media: " + std::to_string(files.size()) + " files in the backup, each with the manifest's size and SHA-256");

  require_sandboxed_dump(dir / "database.sql");

  // Only into a fresh site: nothing is overwritten, so nothing can be lost.
  mysql_pool pool(cfg.mysql);
  auto db = pool.connect();
  if (const auto there = base_tables(*db); !there.empty())
    throw std::runtime_error("restore: the database " + cfg.mysql.database + " already has " +
                             std::to_string(there.size()) + " tables; restore into an empty one");
  redis_pool redis(cfg.redis);
  if (const auto keys = redis.command({"DBSIZE"}).integer; keys > 0)
    throw std::runtime_error("restore: Redis already holds " + std::to_string(keys) +
                             " keys; restore into an empty one");
  if (!empty_folder(cfg.media.dir))
    throw std::runtime_error("restore: the media folder " + cfg.media.dir + " is not empty");

  db.reset();  // idle for the whole load: the server may have closed it

  try {
    say("database: loading " + (dir / "database.sql").string());
    load_database(cfg.mysql, dir / "database.sql", private_temp_file("/tmp/lifelong-restore-XXXXXX"));
    if (const auto wrong = differences(sums, sum_tables(*pool.connect_for_migrations())); !wrong.empty()) {
      std::string list;
      for (const auto& w : wrong) list += "\n  " + w;
      throw std::runtime_error("restore: the database differs from the backup:" + list);
    }
    say("database: " + std::to_string(sums.size()) + " tables, each with the backup's rows and checksum");

    const auto keys = load_redis(redis, dir / "redis.jsonl");
    say("redis: " + std::to_string(keys) + " keys (those expired since the backup left out)");
    if (const auto dropped = drop_unknown_sessions(redis, *pool.connect_for_migrations()))
      say("redis: " + std::to_string(dropped) + " sessions of people who signed up after the database's copy dropped");

    const fs::path media = cfg.media.dir;
    for (const auto& f : files) {
      const auto from = dir / "media" / f.path, to = media / f.path;
      fs::create_directories(to.parent_path());
      std::error_code linked;
      fs::create_hard_link(from, to, linked);
      if (linked) fs::copy_file(from, to);
      if (fs::file_size(to) != f.size) throw std::runtime_error("restore: " + f.path + " was not copied whole");
    }
    say("media: " + std::to_string(files.size()) + " files restored");
  } catch (const std::exception& e) {
    throw std::runtime_error(std::string(e.what()) +
                             "\nThe restore stopped partway. Before running it again, empty what it filled: "
                             "the database (DROP DATABASE " +
                             cfg.mysql.database + "; CREATE DATABASE " + cfg.mysql.database +
                             ";), Redis (FLUSHDB) and the media folder " + cfg.media.dir + ".");
  }
}

}  // namespace lifelong::backup
