#pragma once
// A connection pool's counts (usage_counts.hpp) as readings of a process's metrics: the
// server's and the transcoder's pools are reported alike.
#include <string>

#include "metrics.hpp"
#include "usage_counts.hpp"

namespace lifelong {

// lifelong_<what>_connections_opened_total and …_lost_total.
void add_pool_readings(metrics_registry& m, const std::string& what, const pool_counts& counts);

}  // namespace lifelong
