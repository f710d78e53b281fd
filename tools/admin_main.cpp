// lifelong-admin: database migrations, demo content, and the first site administrator.
//   lifelong-admin [--config F] migrate
//   lifelong-admin [--config F] seed-demo VIDEO_DIR PASSWORDS_FILE
//   lifelong-admin [--config F] create-admin USERNAME DISPLAY_NAME   (password on stdin)
//   lifelong-admin [--config F] bench-corpus COURSES LESSONS_PER_COURSE   (bench/search.sh only)
//   lifelong-admin [--config F] backup DIR     (a consistent copy of the site: backup/site_backup.hpp)
//   lifelong-admin [--config F] restore DIR    (into an empty database, Redis and media folder)
#include <cppconn/connection.h>

#include <iostream>

#include "app.hpp"
#include "backup/site_backup.hpp"
#include "bench_corpus.hpp"
#include "common/logging.hpp"
#include "common/migrations.hpp"
#include "common/tokens.hpp"
#include "demo_seed.hpp"
#include "services/error.hpp"
#include "services/search_index.hpp"

namespace {
int usage() {
  std::cerr << "usage: lifelong-admin [--config FILE] migrate | seed-demo VIDEO_DIR PASSWORDS_FILE |"
               " create-admin USERNAME DISPLAY_NAME | bench-corpus COURSES LESSONS | backup DIR | restore DIR\n";
  return 2;
}
}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string config_path = "config/lifelong.toml";
  if (args.size() >= 2 && args[0] == "--config") {
    config_path = args[1];
    args.erase(args.begin(), args.begin() + 2);
  }
  if (args.empty()) return usage();
  try {
    lifelong::init_crypto();
    const auto cfg = lifelong::load_config(config_path);
    const std::string schema_dir = lifelong::process_env("LIFELONG_SCHEMA_DIR").value_or("config/schema");
    if (args[0] == "migrate") {
      lifelong::mysql_pool pool(cfg.mysql);
      auto db = pool.connect_for_migrations();
      auto applied = lifelong::apply_migrations(*db, schema_dir, [](const std::string& line) {
        std::cout << line << std::endl;  // flushed: an operator watches a long one go
      });
      std::cout << "schema: " << applied.size() << " migration(s) applied\n";
      // Courses from before the search index existed get their terms now (none later).
      if (const int indexed = lifelong::services::index_missing(*db))
        std::cout << "search: " << indexed << " course(s) indexed\n";
      return 0;
    }
    if ((args[0] == "backup" || args[0] == "restore") && args.size() == 2) {
      const auto say = [](const std::string& line) { std::cout << line << std::endl; };
      if (args[0] == "backup")
        lifelong::backup::backup_site(cfg, args[1], say);
      else
        lifelong::backup::restore_site(cfg, args[1], say);
      return 0;
    }
    if (args[0] == "bench-corpus" && args.size() == 3) {
      lifelong::mysql_pool pool(cfg.mysql);
      auto db = pool.connect();
      const int added = lifelong::tools::make_bench_corpus(*db, std::stoi(args[1]), std::stoi(args[2]));
      std::cout << "bench corpus: " << added << " course(s) added\n";
      return 0;
    }
    lifelong::app app(cfg);
    if (args[0] == "seed-demo" && args.size() == 3) {
      bool created = lifelong::tools::seed_demo(app, args[1], args[2]);
      std::cout << (created ? "demo content created\n" : "demo content already present\n");
      return 0;
    }
    if (args[0] == "create-admin" && args.size() == 3) {
      std::string password;
      std::getline(std::cin, password);
      auto id = app.users.register_user({args[1], args[2], password, std::nullopt});
      app.users.grant_role(lifelong::services::console_operator(), id, "site_admin", std::nullopt);
      std::cout << "site administrator " << args[1] << " created\n";
      return 0;
    }
    return usage();
  } catch (const lifelong::services::error& e) {
    std::cerr << "lifelong-admin: " << e.message_key << (e.field.empty() ? "" : " (" + e.field + ")") << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "lifelong-admin: " << e.what() << "\n";
    return 1;
  }
}
