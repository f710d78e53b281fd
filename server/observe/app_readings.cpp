// The counts pools and caches keep, read when /metrics is scraped.
#include "app.hpp"
#include "common/pool_readings.hpp"

#include <cmath>

namespace lifelong::observe {
namespace {

using kind = metric_reading::kind;

void add_cache(metrics_registry& m, const std::string& cache, const cache_counts& counts) {
  const std::string help = "Lookups in the server's in-memory caches, by cache and result";
  m.add_reading({"lifelong_cache_lookups_total",
                 help,
                 kind::counter,
                 [&counts] { return double(counts.hits.load()); },
                 {{"cache", cache}, {"result", "hit"}}});
  m.add_reading({"lifelong_cache_lookups_total",
                 help,
                 kind::counter,
                 [&counts] { return double(counts.misses.load()); },
                 {{"cache", cache}, {"result", "miss"}}});
}

// Only with a replica configured: the alert rules then find these series.
void add_replica(metrics_registry& m, const replica_reads& reads) {
  add_pool_readings(m, "mysql_replica", *reads.replica_counts());
  m.add_reading({"lifelong_mysql_replica_in_use", "1 while may-be-old reads go to the MariaDB replica", kind::gauge,
                 [&reads] { return reads.report().in_use ? 1.0 : 0.0; }});
  // NaN while it cannot be told (a replication thread stopped, the replica away).
  m.add_reading({"lifelong_mysql_replica_lag_seconds", "Seconds_Behind_Master at the last look", kind::gauge,
                 [&reads] { return reads.report().last.lag_seconds.value_or(std::nan("")); }});
  // A replica read that fails on its connection is made again on the primary: counted in both.
  const std::string help = "Reads that may be a moment old, by the database they were sent to";
  m.add_reading({"lifelong_mysql_maybe_old_reads_total",
                 help,
                 kind::counter,
                 [&reads] { return double(reads.reads_from_replica()); },
                 {{"database", "replica"}}});
  m.add_reading({"lifelong_mysql_maybe_old_reads_total",
                 help,
                 kind::counter,
                 [&reads] { return double(reads.reads_from_primary()); },
                 {{"database", "primary"}}});
}

}  // namespace

void add_readings(app& a) {
  auto& m = a.metrics.registry();
  add_pool_readings(m, "mysql", a.db.counts());
  add_pool_readings(m, "redis", a.redis.counts());
  if (a.reads.configured()) add_replica(m, a.reads);
  add_cache(m, "catalog_pages", a.catalog_pages.counts());
  add_cache(m, "published_courses", a.courses.published_cache_counts());
  add_cache(m, "media_files", a.media_files.counts());
}

}  // namespace lifelong::observe
