// When may-be-old reads may go to a replica, from what SHOW REPLICA STATUS said.
#include <gtest/gtest.h>

#include "common/replica_reads.hpp"

using lifelong::replica_keeps_up;
using lifelong::replica_reading;

namespace {
replica_reading replicating(std::optional<double> lag) {
  replica_reading r;
  r.answered = r.io_running = r.sql_running = true;
  r.lag_seconds = lag;
  return r;
}
}  // namespace

TEST(ReplicaState, UsedOnlyWhileBothThreadsRunAndTheLagIsWithinTheBound) {
  EXPECT_TRUE(replica_keeps_up(replicating(0), 5));
  EXPECT_TRUE(replica_keeps_up(replicating(5), 5));
  EXPECT_FALSE(replica_keeps_up(replicating(6), 5));
  EXPECT_FALSE(replica_keeps_up(replicating(std::nullopt), 5)) << "an unknown lag is not a small one";
  auto stopped_sql = replicating(0);
  stopped_sql.sql_running = false;
  EXPECT_FALSE(replica_keeps_up(stopped_sql, 5));
  auto cut_off = replicating(0);
  cut_off.io_running = false;  // applied all it has, but hears nothing new from the primary
  EXPECT_FALSE(replica_keeps_up(cut_off, 5));
  auto away = replicating(0);
  away.answered = false;
  EXPECT_FALSE(replica_keeps_up(away, 5));
}

// Without a replica every read is the primary's, and nothing watches.
TEST(ReplicaState, WithoutAReplicaNothingIsConfigured) {
  lifelong::mysql_settings s;
  s.port = 1;  // never connected to: no read is made
  lifelong::mysql_pool primary(s);
  lifelong::replica_reads reads(primary, s);
  EXPECT_FALSE(reads.configured());
  EXPECT_FALSE(reads.report().configured);
  EXPECT_EQ(reads.replica_counts(), nullptr);
}
