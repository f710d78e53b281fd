// Participation figures of an administrator's area: JSON, and CSV for spreadsheets
// (UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese names).

#include "pages.hpp"
#include "stats_model.hpp"
#include "routes.hpp"
#include "services/participation_service.hpp"
#include "unit_admin.hpp"

namespace lifelong::handlers {
namespace {

// A CSV field, quoted when it holds a comma, quote or line break.
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string csv_of(app& a, const std::string& lang, const nlohmann::json& figures) {
  static const char* columns[] = {"population", "registered", "active",      "active_7d", "active_30d",
                                  "participation_rate", "enrolments", "completions", "credits", "hours"};
  std::string out = "\xEF\xBB\xBF" + csv_field(a.views.message(lang, "stats.unit"));
  for (const char* c : columns) out += "," + csv_field(a.views.message(lang, std::string("stats.") + c));
  out += "\r\n";
  auto row = [&](const nlohmann::json& f, const std::string& name) {
    out += csv_field(name);
    for (const char* c : columns) {
      const auto& v = f[c];
      out += "," + (v.is_number_float() ? nlohmann::json(v).dump() : std::to_string(v.get<std::uint64_t>()));
    }
    out += "\r\n";
  };
  for (const auto& child : figures["children"]) row(child, child["unit"]["name"].get<std::string>());
  row(figures["total"], figures["total"]["unit"]["name"].get<std::string>() + " " + a.views.message(lang, "stats.total"));
  return out;
}

}  // namespace

void add_stats_api(http::router& r, app& a) {
  r.add("GET", "/api/v1/stats/units/{id}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto& who = require_user(req);
    const auto unit = req.id_param("id");
    const auto p = read_period(req);
    const bool csv = req.query.count("format") && req.query.at("format") == "csv";
    if (req.query.count("format") && !csv) throw http::bad_request("errors.format_unknown", "format");
    auto area = co_await net::offload(a.blocking, [&] {
      require_administrator(a, who, unit);
      return a.participation.of(unit, p.from, p.to);
    });
    nlohmann::json out{{"from", p.from}, {"to", p.to}, {"total", figures_json(area.total)}};
    out["children"] = nlohmann::json::array();
    for (const auto& c : area.children) out["children"].push_back(figures_json(c));
    if (!csv) co_return http::json_reply(out.dump());
    http::reply rep;
    rep.body = csv_of(a, req.lang, out);
    rep.header("Content-Type", "text/csv; charset=utf-8");
    rep.header("Content-Disposition", "attachment; filename=\"participation-" + std::to_string(unit) + "-" + p.from +
                                          "-" + p.to + ".csv\"");
    co_return rep;
  });
}

}  // namespace lifelong::handlers
