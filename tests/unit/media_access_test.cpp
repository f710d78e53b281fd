#include <gtest/gtest.h>

#include "services/media_access.hpp"

using namespace lifelong::services;
using namespace std::chrono_literals;

TEST(MediaAccess, RemembersUntilTheTtlPasses) {
  auto t = std::chrono::steady_clock::time_point{};
  media_access cache(5s, [&] { return t; });
  EXPECT_FALSE(cache.cached(7));
  media_owner owner;
  owner.version = 3;
  owner.course.status = "published";
  cache.remember(7, owner);
  t += 4s;
  ASSERT_TRUE(cache.cached(7));
  EXPECT_EQ(cache.cached(7)->version, 3u);
  EXPECT_FALSE(cache.cached(8));
  t += 1s;
  EXPECT_FALSE(cache.cached(7));  // expired: the next request reads the database again
}
