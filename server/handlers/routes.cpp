#include "routes.hpp"

namespace lifelong::handlers {

void add_all_routes(http::router& r, app& a) {
  add_health_routes(r, a);
  add_metrics_routes(r, a);
  add_system_pages(r, a);
  add_info_pages(r, a);
  add_password_pages(r, a);
  add_file_routes(r, a);
  add_auth_pages(r, a);
  add_catalog_home(r, a);
  add_stats_api(r, a);
  add_stats_pages(r, a);
  add_activity_api(r, a);
  add_activity_pages(r, a);
  add_teacher_figures(r, a);
  add_catalog_pages(r, a);
  add_lesson_pages(r, a);
  add_teacher_pages(r, a);
  add_auth_api(r, a);
  add_course_api(r, a);
  add_lesson_api(r, a);
  add_upload_api(r, a);
  add_account_pages(r, a);
  add_review_api(r, a);
  add_unit_api(r, a);
  add_admin_pages(r, a);
  add_card_pages(r, a);
  add_desk_pages(r, a);
  add_record_pages(r, a);
  add_favourite_pages(r, a);
  add_message_pages(r, a);
  add_rating_pages(r, a);
  add_certificate_pages(r, a);
  add_category_admin(r, a);
}

}  // namespace lifelong::handlers
