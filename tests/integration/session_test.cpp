// Sessions in the real Redis: round trip, sign-out, idle and absolute expiry.
#include <gtest/gtest.h>

#include <thread>

#include "env.hpp"
#include "services/session_store.hpp"

using namespace lifelong;
using namespace std::chrono_literals;

class Sessions : public ::testing::Test {
 protected:
  config cfg = test_env::integration_config();
  redis_pool redis{cfg.redis};
};

TEST_F(Sessions, RoundTripAndSignOut) {
  services::session_store store(redis, {60s, 3600s});
  auto s = store.create(7, "li", "李阿姨", {"teacher"});
  EXPECT_EQ(s.id.size(), 43u);
  auto loaded = store.load(s.id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->user_id, 7u);
  EXPECT_EQ(loaded->display_name, "李阿姨");
  EXPECT_TRUE(loaded->has_role("teacher"));
  EXPECT_EQ(loaded->csrf, s.csrf);
  store.destroy(s.id);
  EXPECT_FALSE(store.load(s.id));
}

TEST_F(Sessions, EverySignInGetsAFreshId) {
  services::session_store store(redis, {60s, 3600s});
  auto a = store.create(7, "li", "李", {});
  auto b = store.create(7, "li", "李", {});
  EXPECT_NE(a.id, b.id);
  EXPECT_NE(a.csrf, b.csrf);
}

TEST_F(Sessions, TheRedisKeyIsNotTheCookie) {
  services::session_store store(redis, {60s, 3600s});
  auto s = store.create(7, "li", "李", {});
  EXPECT_EQ(redis.command({"EXISTS", "sess:" + s.id}).integer, 0);
}

TEST_F(Sessions, IdleSessionsExpire) {
  services::session_store store(redis, {1s, 3600s});
  auto s = store.create(7, "li", "李", {});
  ASSERT_TRUE(store.load(s.id));
  std::this_thread::sleep_for(2200ms);
  EXPECT_FALSE(store.load(s.id));
}

TEST_F(Sessions, UseDoesNotExtendPastTheAbsoluteLimit) {
  services::session_store store(redis, {60s, 1s});
  auto s = store.create(7, "li", "李", {});
  std::this_thread::sleep_for(2200ms);
  EXPECT_FALSE(store.load(s.id));
}

TEST_F(Sessions, ForgedIdsFindNothing) {
  services::session_store store(redis, {60s, 3600s});
  for (const char* bad : {"", "x", "../../etc", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    EXPECT_FALSE(store.load(bad));
}
