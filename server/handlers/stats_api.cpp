// Participation figures of an administrator's area: JSON, and each of its tables as CSV
// for spreadsheets (UTF-8 with a byte-order mark, so spreadsheet programs read Chinese).

#include "pages.hpp"
#include "routes.hpp"
#include "services/participation_service.hpp"
#include "stats_model.hpp"
#include "view/csv_field.hpp"

namespace lifelong::handlers {
namespace {

using view::csv_field;

std::string number_text(const nlohmann::json& v) {
  return v.is_number_float() ? v.dump() : std::to_string(v.get<std::uint64_t>());
}

struct csv_table {
  const char* name;   // ?table=
  const char* rows;   // where the rows are in the figures' JSON
  const char* label;  // the message of the first column, and the row's field for it
  const char* label_field;
  std::vector<const char*> columns;  // fields, named by "stats.<field>"
};

const std::vector<csv_table>& csv_tables() {
  static const std::vector<const char*> sums{"starters", "enrolments", "completions", "credits", "hours"};
  static const std::vector<csv_table> tables{
      {"units",
       "children",
       "stats.unit",
       "name",
       {"population", "registered", "active", "active_7d", "active_30d", "participation_rate", "enrolments",
        "completions", "credits", "hours", "activities", "attendance"}},
      {"satisfaction", "children", "stats.unit", "name", {"ratings", "rating_average", "satisfied_share"}},
      {"trend",
       "trend",
       "stats.trend_start",
       "start",
       {"active", "starters", "enrolments", "completions", "credits", "hours", "ratings", "rating_average",
        "satisfied_share"}},
      {"categories", "categories", "stats.category", "name", sums},
      {"groups", "groups", "stats.group", "name", sums},
      {"courses", "top_courses", "stats.course", "title", sums},
  };
  return tables;
}

std::string csv_of(app& a, const std::string& lang, const csv_table& t, const nlohmann::json& figures) {
  std::string out = "\xEF\xBB\xBF" + csv_field(a.views.message(lang, t.label));
  for (const char* c : t.columns) out += "," + csv_field(a.views.message(lang, std::string("stats.") + c));
  out += "\r\n";
  auto row = [&](const nlohmann::json& f, const std::string& name) {
    out += csv_field(name);
    for (const char* c : t.columns) out += "," + number_text(f[c]);
    out += "\r\n";
  };
  if (std::string(t.name) == "units" || std::string(t.name) == "satisfaction") {
    for (const auto& child : figures["children"]) row(child, child["unit"]["name"].get<std::string>());
    const auto& total = figures["total"];
    row(total, total["unit"]["name"].get<std::string>() + " " + a.views.message(lang, "stats.total"));
  } else {
    for (const auto& r : figures[t.rows]) row(r, r[t.label_field].get<std::string>());
  }
  return out;
}

}  // namespace

void add_stats_api(http::router& r, app& a) {
  r.add("GET", "/api/v1/stats/units/{id}", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto unit = req.id_param("id");
    const auto p = read_period(req);
    const bool csv = req.query.count("format") && req.query.at("format") == "csv";
    if (req.query.count("format") && !csv) throw http::bad_request("errors.format_unknown", "format");
    const csv_table* table = &csv_tables().front();
    if (auto t = req.query.find("table"); t != req.query.end()) {
      auto found = std::find_if(csv_tables().begin(), csv_tables().end(), [&](auto& c) { return t->second == c.name; });
      if (found == csv_tables().end()) throw http::bad_request("errors.table_unknown", "table");
      table = &*found;
    }
    const auto area = a.participation.of(who, unit, p.from, p.to);
    const auto parts = a.participation.breakdown(who, unit, p.from, p.to, p.by);
    nlohmann::json out = breakdown_json(a.views, req.lang, parts, a.courses.categories());
    out["from"] = p.from;
    out["to"] = p.to;
    out["total"] = figures_json(area.total);
    out["children"] = nlohmann::json::array();
    for (const auto& c : area.children) out["children"].push_back(figures_json(c));
    if (!csv) return http::json_reply(out.dump());
    http::reply rep;
    rep.body = csv_of(a, req.lang, *table, out);
    rep.header("Content-Type", "text/csv; charset=utf-8");
    const std::string part = table == &csv_tables().front() ? "" : std::string(table->name) + "-";
    rep.header("Content-Disposition", "attachment; filename=\"participation-" + part + std::to_string(unit) + "-" +
                                          p.from + "-" + p.to + ".csv\"");
    return rep;
  });
}

}  // namespace lifelong::handlers
