// Export to the credit bank: learning events become xAPI statements in the outbox in
// the same transaction as the learning; while the LRS is away, refuses, or loses its
// answer, they wait; when it is back, each arrives once, in order. The LRS is a real
// HTTP server on loopback (lrs_stand_in) that checks every request.
#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <nlohmann/json.hpp>

#include "lrs_stand_in.hpp"
#include "org_fixture.hpp"
#include "storage/sql.hpp"
#include "xapi/outbox.hpp"

using namespace lifelong::test_env;

namespace {
unsigned short port() {
  return test_server::get().port;
}

// A port nothing listens on: bound, then released.
unsigned short closed_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

// This learner's statements waiting in the outbox, oldest first.
std::vector<nlohmann::json> waiting_for(std::uint64_t user_id) {
  std::vector<nlohmann::json> out;
  test_server::get().application->db.with([&](sql::Connection& db) {
    lifelong::storage::rows r(
        lifelong::storage::prepare(db, "SELECT statement FROM xapi_outbox WHERE sent_at IS NULL ORDER BY id")
            ->executeQuery());
    while (r->next()) {
      auto s = nlohmann::json::parse(lifelong::storage::text(r, "statement"));
      if (s["actor"]["account"]["name"] == std::to_string(user_id)) out.push_back(s);
    }
  });
  return out;
}

std::vector<nlohmann::json> of_user(const std::vector<nlohmann::json>& all, std::uint64_t user_id) {
  std::vector<nlohmann::json> out;
  for (const auto& s : all)
    if (s["actor"]["account"]["name"] == std::to_string(user_id)) out.push_back(s);
  return out;
}

std::string verbs(const std::vector<nlohmann::json>& statements) {
  std::string out;
  for (const auto& s : statements) {
    const auto id = s["verb"]["id"].get<std::string>();
    out += (out.empty() ? "" : " ") + id.substr(id.rfind('/') + 1);
    if (s.contains("result"))
      out += "(" + std::to_string(s["result"]["extensions"][lifelong::xapi::progress_extension].get<int>()) + ")";
  }
  return out;
}
}  // namespace

TEST(Xapi, StatementsWaitWhileTheLrsIsDownAndArriveOnceInOrder) {
  auto& app = *test_server::get().application;
  ASSERT_TRUE(app.xapi.enabled()) << "the integration configuration turns export on";
  auto teacher = sign_up(true);
  const auto course = complete_course(teacher, unique_name("学分银行"));
  auto second = request(port(), "POST", "/api/v1/courses/" + std::to_string(course) + "/lessons",
                        R"({"title":"第二课"})", json_type + teacher.with_csrf());
  ASSERT_EQ(second.status, 201);
  app.db.with([&](sql::Connection& db) {
    auto st = lifelong::storage::prepare(
        db, "UPDATE lessons SET status = 'ready', media_version = 1, duration_ms = 100000 WHERE course_id = ?");
    st->setUInt64(1, course);
    st->executeUpdate();
  });
  publish_directly(course);
  const auto lessons =
      nlohmann::json::parse(request(port(), "GET", "/api/v1/courses/" + std::to_string(course)).body)["lessons"];
  const auto l1 = lessons[0]["id"].get<std::uint64_t>(), l2 = lessons[1]["id"].get<std::uint64_t>();
  auto learner = sign_up();
  auto watch = [&](std::uint64_t lesson, int from, int to) {
    auto r = request(port(), "POST", "/api/v1/lessons/" + std::to_string(lesson) + "/progress",
                     nlohmann::json{{"ranges", {{from, to}}}}.dump(), json_type + learner.with_csrf());
    ASSERT_EQ(r.status, 200) << r.body;
  };

  // The LRS is away: nothing listens.
  auto lrs_settings = app.cfg.xapi;
  lrs_settings.endpoint = "http://127.0.0.1:" + std::to_string(closed_port()) + "/xapi";
  ASSERT_EQ(request(port(), "PUT", "/api/v1/courses/" + std::to_string(course) + "/enrolment", "", learner.with_csrf())
                .status,
            200);
  watch(l1, 0, 100);
  watch(l1, 0, 100);  // replayed: no new statement
  watch(l2, 0, 50);
  auto down = lifelong::xapi::deliver_waiting(app.db, lrs_settings);
  EXPECT_TRUE(down.failed);
  EXPECT_FALSE(down.error.empty());
  EXPECT_EQ(verbs(waiting_for(learner.id)), "registered launched progressed(50) launched");

  // It answers, but refuses.
  lrs_stand_in lrs(app.cfg.xapi.username, app.cfg.xapi.password);
  lrs_settings.endpoint = lrs.endpoint();
  lrs.set_mode(lrs_stand_in::mode::refuse);
  EXPECT_TRUE(lifelong::xapi::deliver_waiting(app.db, lrs_settings).failed);
  EXPECT_TRUE(lrs.stored().empty());
  watch(l2, 50, 100);  // the course is complete while the LRS is still refusing
  EXPECT_EQ(verbs(waiting_for(learner.id)),
            "registered launched progressed(50) launched progressed(100) completed(100)");

  // It stores the first statement but its answer is lost: that one is sent again.
  lrs.set_mode(lrs_stand_in::mode::store_then_hang_up);
  EXPECT_TRUE(lifelong::xapi::deliver_waiting(app.db, lrs_settings).failed);
  EXPECT_EQ(lrs.stored().size(), 1u);

  // Back for good: everything waiting goes, in order, each statement stored once.
  lrs.set_mode(lrs_stand_in::mode::accept);
  for (int round = 0; round < 1000 && lifelong::xapi::waiting_count(app.db) > 0; ++round) {
    auto d = lifelong::xapi::deliver_waiting(app.db, lrs_settings);
    ASSERT_FALSE(d.failed) << d.error;
  }
  EXPECT_EQ(lifelong::xapi::waiting_count(app.db), 0);
  EXPECT_GE(lrs.duplicates(), 1);  // the resent one, recognised by its id
  const auto mine = of_user(lrs.stored(), learner.id);
  EXPECT_EQ(verbs(mine), "registered launched progressed(50) launched progressed(100) completed(100)");
  EXPECT_TRUE(lrs.problems().empty()) << lrs.problems().front();
  ASSERT_EQ(mine.size(), 6u);
  const auto base = app.cfg.xapi.activity_base;
  EXPECT_EQ(mine[0]["object"]["id"], base + "/courses/" + std::to_string(course));
  EXPECT_EQ(mine[1]["object"]["id"], base + "/lessons/" + std::to_string(l1));
  EXPECT_EQ(mine[1]["context"]["contextActivities"]["parent"][0]["id"], base + "/courses/" + std::to_string(course));
  EXPECT_EQ(mine[5]["result"]["completion"], true);
  EXPECT_EQ(lifelong::xapi::deliver_waiting(app.db, lrs_settings).sent, 0);  // nothing twice

  // Wrong credentials are refused by the LRS, and the statement waits.
  watch(l1, 0, 10);  // nothing new: already complete
  auto other = sign_up();
  ASSERT_EQ(
      request(port(), "PUT", "/api/v1/courses/" + std::to_string(course) + "/enrolment", "", other.with_csrf()).status,
      200);
  auto wrong = lrs_settings;
  wrong.password = "not the password";
  auto refused = lifelong::xapi::deliver_waiting(app.db, wrong);
  EXPECT_TRUE(refused.failed);
  EXPECT_NE(refused.error.find("401"), std::string::npos);
  EXPECT_EQ(waiting_for(other.id).size(), 1u);
}

// Two servers' deliverers at once (each its own connection pool, as two processes would
// be): the MariaDB lock lets one send at a time, so each statement reaches the LRS once.
TEST(Xapi, TwoServersDeliveringAtOnceSendEachStatementOnce) {
  auto& app = *test_server::get().application;
  ASSERT_TRUE(app.xapi.enabled());
  lrs_stand_in lrs(app.cfg.xapi.username, app.cfg.xapi.password);
  auto lrs_settings = app.cfg.xapi;
  lrs_settings.endpoint = lrs.endpoint();
  // Whatever earlier tests left waiting goes first, so only this test's statements count.
  for (int round = 0; round < 1000 && lifelong::xapi::waiting_count(app.db) > 0; ++round)
    lifelong::xapi::deliver_waiting(app.db, lrs_settings);
  auto teacher = sign_up(true);
  const auto course = published_course(teacher, unique_name("两台服务器学分"), "law");
  std::vector<signed_in> learners;
  for (int i = 0; i < 6; ++i) {
    learners.push_back(sign_up());
    ASSERT_EQ(request(port(), "PUT", "/api/v1/courses/" + std::to_string(course) + "/enrolment", "",
                      learners.back().with_csrf())
                  .status,
              200);
  }
  const auto waiting = lifelong::xapi::waiting_count(app.db);
  ASSERT_GE(waiting, 6);
  lifelong::mysql_pool other_server(integration_config().mysql);
  auto deliver = [&](lifelong::mysql_pool& pool) {
    for (int round = 0; round < 2000 && lifelong::xapi::waiting_count(pool) > 0; ++round)
      lifelong::xapi::deliver_waiting(pool, lrs_settings, 1);  // one at a time: many turns to race
  };
  std::thread a([&] { deliver(app.db); }), b([&] { deliver(other_server); });
  a.join();
  b.join();
  EXPECT_EQ(lifelong::xapi::waiting_count(app.db), 0);
  EXPECT_EQ(lrs.duplicates(), 0);
  for (const auto& who : learners) EXPECT_EQ(of_user(lrs.stored(), who.id).size(), 1u) << who.id;
}
