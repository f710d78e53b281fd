#pragma once
#include "app.hpp"
#include "http/router.hpp"

namespace lifelong::handlers {

void add_all_routes(http::router& r, app& a);

void add_health_routes(http::router& r, app& a);
void add_metrics_routes(http::router& r, app& a);
void add_system_pages(http::router& r, app& a);
void add_info_pages(http::router& r, app& a);
void add_password_pages(http::router& r, app& a);
// Whether a request may read /metrics: loopback and not through a proxy, or the token.
// Behind a proxy (server.trust_proxy) only the token: a proxy that fails to name its
// client would make everyone on the internet look like loopback.
bool may_read_metrics(const http::request& req, const std::string& token, bool behind_proxy);
void add_file_routes(http::router& r, app& a);
void add_auth_pages(http::router& r, app& a);
void add_catalog_home(http::router& r, app& a);
void add_stats_api(http::router& r, app& a);
void add_stats_pages(http::router& r, app& a);
void add_activity_api(http::router& r, app& a);
void add_activity_pages(http::router& r, app& a);
void add_teacher_figures(http::router& r, app& a);
void add_catalog_pages(http::router& r, app& a);
void add_lesson_pages(http::router& r, app& a);
void add_teacher_pages(http::router& r, app& a);
void add_auth_api(http::router& r, app& a);
void add_course_api(http::router& r, app& a);
void add_lesson_api(http::router& r, app& a);
void add_upload_api(http::router& r, app& a);
void add_account_pages(http::router& r, app& a);
void add_review_api(http::router& r, app& a);
void add_unit_api(http::router& r, app& a);
void add_admin_pages(http::router& r, app& a);
void add_card_pages(http::router& r, app& a);
void add_desk_pages(http::router& r, app& a);
void add_record_pages(http::router& r, app& a);
void add_favourite_pages(http::router& r, app& a);
void add_message_pages(http::router& r, app& a);
void add_rating_pages(http::router& r, app& a);
void add_certificate_pages(http::router& r, app& a);
void add_category_admin(http::router& r, app& a);

}  // namespace lifelong::handlers
