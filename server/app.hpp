#pragma once
// The composition root's product: every pool, client and service, built once in main
// (or a test) and handed to the handlers. No globals.
#include <filesystem>

#include "common/config.hpp"
#include "common/mysql_pool.hpp"
#include "common/redis_client.hpp"
#include "net/blocking_pool.hpp"
#include "services/course_service.hpp"
#include "services/learning_service.hpp"
#include "services/media_access.hpp"
#include "services/media_service.hpp"
#include "services/session_store.hpp"
#include "services/user_service.hpp"
#include "view/views.hpp"

namespace lifelong {

struct app {
  explicit app(const config& c)
      : cfg(c),
        db(c.mysql),
        redis(c.redis),
        blocking(c.server.blocking_threads),
        views(c.server.templates_dir),
        sessions(redis,
                 {std::chrono::minutes(c.session.idle_minutes), std::chrono::hours(24 * c.session.absolute_days)}),
        users(db),
        courses(db),
        learning(db),
        media(db, redis, c.media.dir) {}

  config cfg;
  mysql_pool db;
  redis_pool redis;
  net::blocking_pool blocking;
  view::views views;
  services::session_store sessions;
  services::user_service users;
  services::course_service courses;
  services::learning_service learning;
  services::media_service media;
  services::media_access media_access;
};

}  // namespace lifelong
