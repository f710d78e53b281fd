// The counts pools and caches keep, read when /metrics is scraped.
#include "app.hpp"
#include "common/pool_readings.hpp"

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

}  // namespace

void add_readings(app& a) {
  auto& m = a.metrics.registry();
  add_pool_readings(m, "mysql", a.db.counts());
  add_pool_readings(m, "redis", a.redis.counts());
  add_cache(m, "catalog_pages", a.catalog_pages.counts());
  add_cache(m, "published_courses", a.courses.published_cache_counts());
  add_cache(m, "media_files", a.media_files.counts());
}

}  // namespace lifelong::observe
