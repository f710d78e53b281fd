#pragma once
// lifelong-admin backup DIR and restore DIR (docs/operations.md, "Backup and restore").
//
// DIR holds:
//   manifest.json  when, which schema, each table's rows and checksum, counts
//   database.sql   mariadb-dump --single-transaction, in the snapshot the checksums were read in
//   redis.jsonl    every Redis key (redis_copy.hpp)
//   media/         the finished media files, hard-linked or copied (media_copy.hpp)
//   media.sha256   their sizes and hashes
// A backup is written to DIR.partial and renamed once whole, so a DIR is never half a
// backup. A restore goes only into an empty database, an empty Redis and an empty media
// folder, and checks every table, key count and file against the manifest.
#include <filesystem>
#include <functional>
#include <string>

#include "common/config.hpp"

namespace lifelong::backup {

using progress = std::function<void(const std::string&)>;

void backup_site(const config& cfg, const std::filesystem::path& dir, const progress& say);
void restore_site(const config& cfg, const std::filesystem::path& dir, const progress& say);

}  // namespace lifelong::backup
