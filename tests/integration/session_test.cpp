// Sessions in the real Redis: round trip, sign-out, idle and absolute expiry.
#include <gtest/gtest.h>

#include <thread>

#include "env.hpp"
#include "common/tokens.hpp"
#include "services/session_store.hpp"

using namespace lifelong;
using namespace std::chrono_literals;

namespace {
services::session person(const std::string& name, std::set<std::string> roles = {}) {
  services::session s;
  s.user_id = 7;
  s.username = "li";
  s.display_name = name;
  s.roles = std::move(roles);
  return s;
}
}  // namespace

class Sessions : public ::testing::Test {
 protected:
  config cfg = test_env::integration_config();
  redis_pool redis{cfg.redis};
};

TEST_F(Sessions, RoundTripAndSignOut) {
  services::session_store store(redis, {60s, 3600s});
  auto s = store.create(person("李阿姨", {"teacher"}));
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
  auto a = store.create(person("李"));
  auto b = store.create(person("李"));
  EXPECT_NE(a.id, b.id);
  EXPECT_NE(a.csrf, b.csrf);
}

TEST_F(Sessions, TheRedisKeyIsNotTheCookie) {
  services::session_store store(redis, {60s, 3600s});
  auto s = store.create(person("李"));
  EXPECT_EQ(redis.command({"EXISTS", "sess:" + s.id}).integer, 0);
}

TEST_F(Sessions, IdleSessionsExpire) {
  services::session_store store(redis, {1s, 3600s});
  auto s = store.create(person("李"));
  ASSERT_TRUE(store.load(s.id));
  std::this_thread::sleep_for(2200ms);
  EXPECT_FALSE(store.load(s.id));
}

TEST_F(Sessions, UseDoesNotExtendPastTheAbsoluteLimit) {
  services::session_store store(redis, {60s, 1s});
  auto s = store.create(person("李"));
  std::this_thread::sleep_for(2200ms);
  EXPECT_FALSE(store.load(s.id));
}

TEST_F(Sessions, ForgedIdsFindNothing) {
  services::session_store store(redis, {60s, 3600s});
  for (const char* bad : {"", "x", "../../etc", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    EXPECT_FALSE(store.load(bad));
}

TEST_F(Sessions, IdentityRoundTripsAndRefreshReachesEverySessionOfThePerson) {
  services::session_store store(redis, {60s, 3600s});
  auto identity = person("李");
  identity.user_id = 9001;
  identity.home_path = {40, 30, 20, 10};
  auto phone = store.create(identity);
  auto pc = store.create(identity);
  auto card_identity = identity;
  card_identity.via_card = true;
  card_identity.roles = {"teacher"};  // a card never carries roles, whatever the person holds
  auto card = store.create(card_identity);
  EXPECT_TRUE(store.load(card.id)->roles.empty());
  store.destroy(pc.id);  // an ended session must stay ended

  identity.display_name = "李老师";
  identity.roles = {"teacher", "reviewer"};
  identity.role_units = {{"teacher", 30}, {"reviewer", 20}};
  identity.home_path = {41, 30, 20, 10};
  store.refresh(identity);

  auto now = store.load(phone.id);
  ASSERT_TRUE(now);
  EXPECT_EQ(now->display_name, "李老师");
  EXPECT_EQ(now->roles, (std::set<std::string>{"teacher", "reviewer"}));
  EXPECT_EQ(now->role_units.at("reviewer"), 20u);
  EXPECT_EQ(now->home_path, (std::vector<std::uint64_t>{41, 30, 20, 10}));
  EXPECT_TRUE(now->acts_in("reviewer", {55, 20, 10}));
  EXPECT_FALSE(now->acts_in("reviewer", {56, 21, 10}));
  EXPECT_FALSE(store.load(pc.id));
  EXPECT_EQ(redis.command({"EXISTS", "sess:" + sha256_hex(pc.id)}).integer, 0);
  auto from_card = store.load(card.id);
  ASSERT_TRUE(from_card);
  EXPECT_TRUE(from_card->via_card);
  EXPECT_EQ(from_card->display_name, "李老师");
  EXPECT_TRUE(from_card->roles.empty());
  EXPECT_TRUE(from_card->role_units.empty());
  store.destroy_all(9001);
}
