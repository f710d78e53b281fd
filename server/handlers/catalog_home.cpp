// The catalog (the home page): filters, sorting, search and pages of course cards.
// Anonymous visitors get the same page for the same query, so it is rendered once and
// kept until the catalog changes (http/page_cache.hpp).
#include "catalog_query.hpp"
#include "models.hpp"
#include "pages.hpp"
#include "routes.hpp"
#include "simple_home.hpp"

namespace lifelong::handlers {
namespace {
constexpr int per_page = 12;

struct catalog_data {
  services::page_of_courses found;
  std::vector<services::category_row> categories;
  std::vector<services::learner_group_row> groups;
  std::vector<services::org_unit> districts;
  services::page_of_courses popular;  // offered instead when a search finds nothing
};

std::string row_code(const services::category_row& c) {
  return c.code;
}
std::string row_code(const services::learner_group_row& g) {
  return g.code;
}
std::string row_code(const services::org_unit& u) {
  return std::to_string(u.id);
}

template <typename Rows, typename Name>
nlohmann::json choices(const Rows& rows, const std::string& chosen, Name name) {
  auto out = nlohmann::json::array();
  for (const auto& row : rows) {
    const auto code = row_code(row);
    out.push_back({{"value", code}, {"name", name(row)}, {"selected", code == chosen}});
  }
  return out;
}

nlohmann::json catalog_model(app& a, const http::request& req, const catalog_query& q, const catalog_data& d,
                             int page_no) {
  const bool en = req.lang == "en";
  nlohmann::json list = nlohmann::json::array();
  for (const auto& c : d.found.courses) list.push_back(course_json(c, d.categories, a.media_links, a.views, req.lang));
  const int pages = std::max(1, (d.found.total + per_page - 1) / per_page);
  nlohmann::json model{{"courses", list},  {"has_courses", !list.empty()}, {"page", page_no},       {"pages", pages},
                       {"query", q.words}, {"query_param", q.canonical},   {"total", d.found.total}};
  if (page_no > 1) model["prev_page"] = page_no - 1;
  if (page_no < pages) model["next_page"] = page_no + 1;
  if (list.empty() && d.found.total > 0) {  // a page past the last, from an old link
    model["past_end"] = a.views.message(req.lang, "catalog.past_end", {{"pages", std::to_string(pages)}});
  }
  model["category_choices"] =
      choices(d.categories, q.filter.category, [&](const auto& c) { return en ? c.name_en : c.name_zh; });
  model["group_choices"] = choices(d.groups, q.filter.learner_group, [&](const auto& g) {
    return a.views.message(req.lang, "learner_groups." + g.code);
  });
  model["unit_choices"] = choices(d.districts, q.unit, [](const auto& u) { return u.name; });
  auto sorts = nlohmann::json::array();
  std::vector<std::string> names{"newest", "popular", "rated"};
  if (req.user && req.user->home_path.size() >= 3) names.push_back("near");
  if (!q.words.empty()) names.insert(names.begin(), "relevance");
  for (const auto& s : names)
    sorts.push_back(
        {{"value", s}, {"name", a.views.message(req.lang, "catalog.sort_" + s)}, {"selected", s == q.sort}});
  model["sort_choices"] = sorts;
  model["filtered"] = !q.filter.category.empty() || !q.filter.learner_group.empty() || q.filter.unit_id;
  if (!q.words.empty()) {
    auto summary = a.views.message(req.lang, "catalog.search_summary");
    summary.replace(summary.find("{query}"), 7, q.words);
    summary.replace(summary.find("{total}"), 7, std::to_string(d.found.total));
    model["searching"] = true;
    model["search_summary"] = summary;
    model["page_title"] = q.words;
    auto popular = nlohmann::json::array();
    for (const auto& c : d.popular.courses)
      popular.push_back(course_json(c, d.categories, a.media_links, a.views, req.lang));
    model["popular"] = popular;
    model["has_popular"] = !popular.empty();
  }
  return model;
}
// A signed-in resident's courses in progress, above the first page of the plain catalog:
// theirs alone, so outside the cached list.
std::string continue_row(app& a, const http::request& req, int page_no, const catalog_query& q) {
  constexpr std::size_t shown = 3;
  const bool narrowed =
      !q.words.empty() || !q.filter.category.empty() || !q.filter.learner_group.empty() || q.filter.unit_id;
  if (!req.user || page_no != 1 || narrowed) return "";
  const auto record = a.records.of(req.user->user_id);
  if (record.in_progress.empty()) return "";
  auto courses = nlohmann::json::array();
  for (std::size_t i = 0; i < record.in_progress.size() && i < shown; ++i) {
    const auto& c = record.in_progress[i];
    courses.push_back({{"course_id", c.course_id},
                       {"title", c.title},
                       {"percent", c.percent},
                       {"continue_lesson", c.continue_lesson}});
  }
  return a.views.fragment("continue_row", {{"courses", courses}, {"more", record.in_progress.size() > shown}},
                          req.lang);
}
}  // namespace

void add_catalog_home(http::router& r, app& a) {
  // Anonymous: the whole page depends only on the mode, the device's choices, the language
  // and the address, and a cached one is served from the event loop.
  auto anonymous_key = [](const http::request& req) {
    return std::string("page ") + (simplified_mode(req) ? "simple " : "standard ") +
           (offers_simple_mode(req) ? "offer " : "") +
           (simplified_mode(req) && large_pointer(req) ? "large-pointer " : "") + req.lang + " " + req.target;
  };
  r.add_quick(
      "GET", "/", false,  // only an anonymous visitor gets the cached page
      [&a, anonymous_key](http::request& req) -> std::optional<http::reply> {
        if (req.user) return std::nullopt;
        if (auto cached = a.catalog_pages.get(anonymous_key(req), a.courses.catalog_version()))
          return http::html_reply(*cached);
        return std::nullopt;
      },
      [&a, anonymous_key](http::request& req) -> http::reply {
        const int page_no = page_number(req);
        const auto version = a.courses.catalog_version();
        const auto page_key = req.user ? std::string() : anonymous_key(req);
        if (wants_simple_home(req)) {
          auto reply = simple_home(a, req, page_no);
          if (!req.user) a.catalog_pages.put(page_key, version, reply.body);
          return reply;
        }
        // Signed in: the list depends on the query and the person's home (which courses are
        // offered to them, what is near); the frame around it is theirs alone.
        catalog_data d{{}, a.courses.categories(), a.courses.learner_groups(), {}};
        const auto query = read_catalog_query(req, d.categories, d.groups);
        auto content_key = "content " + req.lang + " " + query.canonical + std::to_string(page_no) + " home";
        for (const auto unit : home_of(req)) content_key += " " + std::to_string(unit);
        std::shared_ptr<const std::string> content;
        if (req.user) content = a.catalog_pages.get(content_key, version);
        std::string title;
        if (!content) {
          d.districts = a.units.districts();
          d.found = a.courses.catalog(query.filter, (page_no - 1) * per_page, per_page, home_of(req));
          if (query.filter.searching && d.found.total == 0) {
            services::catalog_filter most_watched;
            most_watched.order = services::catalog_order::most_watched;
            d.popular = a.courses.catalog(most_watched, 0, 6, home_of(req));
          }
          auto model = catalog_model(a, req, query, d, page_no);
          title = model.value("page_title", "");
          content = std::make_shared<const std::string>(a.views.fragment("catalog", std::move(model), req.lang));
          if (req.user) a.catalog_pages.put(content_key, version, *content);
        } else {
          title = search_query(req);
        }
        auto reply = framed_page(a, req, continue_row(a, req, page_no, query) + *content, title);
        if (!req.user) a.catalog_pages.put(page_key, version, reply.body);
        return reply;
      });
}

}  // namespace lifelong::handlers
