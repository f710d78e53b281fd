#pragma once
// The composition root's product: every pool, client and service, built once in main
// (or a test) and handed to the handlers. No globals. The blocking pool is not here: the
// dispatcher owns it and runs handlers on it, so a handler has no way to reach it.
#include <algorithm>
#include <filesystem>

#include "common/config.hpp"
#include "common/mysql_pool.hpp"
#include "common/redis_client.hpp"
#include "common/shared_version.hpp"
#include "common/stamped_cache.hpp"
#include "common/tokens.hpp"
#include "http/small_file_cache.hpp"
#include "observe/server_metrics.hpp"
#include "services/activity_service.hpp"
#include "services/caption_service.hpp"
#include "services/card_service.hpp"
#include "services/certificate_service.hpp"
#include "services/course_service.hpp"
#include "services/cover_service.hpp"
#include "services/desk_service.hpp"
#include "services/favourite_service.hpp"
#include "services/learning_service.hpp"
#include "services/login_limiter.hpp"
#include "services/media_access.hpp"
#include "services/media_links.hpp"
#include "services/media_service.hpp"
#include "services/message_service.hpp"
#include "services/org_service.hpp"
#include "services/participation_service.hpp"
#include "services/password_reset_service.hpp"
#include "services/progress_service.hpp"
#include "services/rating_service.hpp"
#include "services/record_service.hpp"
#include "services/review_service.hpp"
#include "services/session_store.hpp"
#include "services/system_service.hpp"
#include "services/upload_service.hpp"
#include "services/user_service.hpp"
#include "view/views.hpp"
#include "xapi/outbox.hpp"

namespace lifelong {

struct app;
namespace observe {
// What the pools and caches of `a` count, as readings of a.metrics (app_readings.cpp).
void add_readings(app& a);
}  // namespace observe

struct app {
  explicit app(const config& c)
      : cfg(c),
        db(c.mysql),
        reads(db, c.mysql),
        redis(c.redis),
        // A cache refilled just after a change must not read a replica that lacks it.
        catalog_version(redis, catalog_version_key, [this] { reads.note_change(); }),
        course_version(redis, course_version_key, [this] { reads.note_change(); }),
        versions_refresher({&catalog_version, &course_version}, std::chrono::milliseconds(500)),
        views(c.server.templates_dir),
        xapi(c.xapi),
        sessions(redis,
                 {std::chrono::minutes(c.session.idle_minutes), std::chrono::hours(24 * c.session.absolute_days)}),
        login_limits(redis, {c.login.max_failures_per_account, c.login.max_failures_per_address,
                             std::chrono::minutes(c.login.window_minutes), c.login.max_registrations_per_address}),
        users(db, std::max(1, c.server.blocking_threads / 2)),
        desk(users, sessions),
        password_resets(db, users, sessions, cfg.mail),
        units(db),
        cards(db, users, units),
        courses(db, reads, catalog_version, course_version),
        reviews(db, courses),
        learning(db, courses, &xapi),
        favourites(db, courses),
        messages(db),
        ratings(db, courses, c.comments.held_words),
        progress(db, courses, &xapi, {c.learning.fastest_rate, c.learning.slack_seconds}),
        records(db),
        certificates(db, reads),
        participation(reads, units),
        activities(db),
        media(db, redis, c.media.dir),
        media_links(c.media.link_secret.empty() ? random_token() : c.media.link_secret,
                    std::chrono::minutes(c.media.link_minutes)),
        uploads(db, redis, courses, media, upload_limits_from(c)),
        captions(db, courses, c.media.dir, c.transcoder.ffmpeg),
        covers(db, courses, c.media.dir, c.transcoder.ffmpeg),
        system(db, reads, redis, c.media.dir) {
    observe::add_readings(*this);
  }

  config cfg;
  observe::server_metrics metrics;  // /metrics (handlers/metrics.cpp)
  mysql_pool db;
  replica_reads reads;  // may-be-old reads: the replica when there is one and it keeps up
  redis_pool redis;
  // What the caches below are stamped with; changes through any server move them, and
  // this one sees that within half a second.
  shared_version catalog_version;
  shared_version course_version;
  version_refresher versions_refresher;
  view::views views;
  xapi::outbox xapi;  // learning events for the credit bank (off unless [xapi] is set)
  services::session_store sessions;
  services::login_limiter login_limits;
  services::user_service users;
  services::desk_service desk;                       // community staff in person: temporary passwords
  services::password_reset_service password_resets;  // by e-mail, when [mail] is set
  services::org_service units;
  services::card_service cards;
  services::course_service courses;
  services::review_service reviews;
  services::learning_service learning;
  services::favourite_service favourites;  // 收藏: courses kept for later
  services::message_service messages;      // 站内消息: the bell, nudges, mail of them
  services::rating_service ratings;        // 评价: stars, comments, replies, moderation
  services::progress_service progress;
  services::record_service records;
  services::certificate_service certificates;
  services::participation_service participation;
  services::activity_service activities;
  services::media_service media;
  services::media_access media_access;
  services::media_links media_links;   // what lesson pages hand out, and what the edge checks
  http::small_file_cache media_files;  // playlists, captions: versioned paths, never rewritten
  // Rendered catalog pages, stamped with courses.catalog_version().
  stamped_cache<std::string, std::string> catalog_pages{2000, std::chrono::seconds(5)};
  services::upload_service uploads;
  services::caption_service captions;
  services::cover_service covers;
  services::system_service system;  // /admin/system

  static services::upload_limits upload_limits_from(const config& c) {
    services::upload_limits l;
    l.dir = std::filesystem::path(c.media.dir) / "uploading";
    l.max_file_bytes = c.server.max_upload_mb * 1024 * 1024;
    l.teacher_quota_bytes = c.uploads.teacher_quota_mb * 1024 * 1024;
    l.expiry = std::chrono::hours(c.uploads.expiry_hours);
    l.allowed_extensions = c.uploads.allowed_extensions;
    return l;
  }
};

}  // namespace lifelong
