// /admin/categories: site administrators name, order, add and remove the course
// categories (plain forms; the JSON API does the same).
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {

// The categories with the form as typed, and what was wrong with it, if anything.
http::reply categories_page(app& a, http::request& req, const http::params& form, const http::http_error* problem) {
  require_role(req, "site_admin");
  auto categories = a.courses.categories();
  auto list = nlohmann::json::array();
  for (const auto& c : categories)
    list.push_back({{"code", c.code},
                    {"name_zh", c.name_zh},
                    {"name_en", c.name_en},
                    {"for_older_adults", c.for_older_adults},
                    {"sort_order", c.sort_order}});
  nlohmann::json model{{"categories", list},
                       {"page_title", a.views.message(req.lang, "categories.heading")},
                       {"new_code", problem ? field(form, "code") : ""},
                       {"new_name_zh", problem ? field(form, "name_zh") : ""},
                       {"new_name_en", problem ? field(form, "name_en") : ""}};
  if (problem) {
    model["error"] = a.views.message(req.lang, problem->message_key);
    model["error_field_" + problem->field] = true;
  }
  if (auto done = req.query.find("saved"); done != req.query.end()) model["saved"] = true;
  return page(a, req, "admin_categories", std::move(model), problem ? problem->status : 200);
}

int sort_order_of(const std::string& text) {
  if (text.empty()) return 0;
  if (text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos)
    throw http::bad_request("errors.category_order_invalid", "sort_order");
  return std::stoi(text);
}

}  // namespace

void add_category_admin(http::router& r, app& a) {
  r.add("GET", "/admin/categories", [&a](http::request& req) { return categories_page(a, req, {}, nullptr); });

  // Adds a category, or renames one when the code exists.
  r.add("POST", "/admin/categories", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    auto form = form_fields(req);
    std::optional<http::http_error> problem;
    try {
      services::category_row c{field(form, "code"), field(form, "name_zh"), field(form, "name_en"),
                               !field(form, "for_older_adults").empty(), sort_order_of(field(form, "sort_order"))};
      a.courses.save_category(who, c);
    } catch (const std::exception& thrown) {
      const auto e = http::as_http_error(thrown);  // the service refuses in its own words
      if (!e || (e->status != 400)) throw;
      problem = *e;
    }
    if (problem) return categories_page(a, req, form, &*problem);
    return http::redirect("/admin/categories?saved=1");
  });

  r.add("POST", "/admin/categories/{code}/delete", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto code = req.param("code");
    std::optional<http::http_error> problem;
    try {
      a.courses.remove_category(who, code);
    } catch (const std::exception& thrown) {
      const auto e = http::as_http_error(thrown);  // the service refuses in its own words
      if (!e || (e->status != 409)) throw;
      problem = *e;
    }
    if (problem) return categories_page(a, req, {}, &*problem);
    return http::redirect("/admin/categories?saved=1");
  });
}

}  // namespace lifelong::handlers
