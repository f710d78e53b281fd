// A forgotten password, at the community's desk: staff look the person up by their
// user name, confirm who they are, and hand over a temporary password shown once.
#include "pages.hpp"
#include "routes.hpp"
#include "services/permissions.hpp"

namespace lifelong::handlers {

void add_desk_pages(http::router& r, app& a) {
  // Step one: who is it? Nothing changes yet.
  r.add("GET", "/staff/password", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    if (!a.units.staffed_root(who)) throw http::forbidden();
    const auto username = req.query.count("username") ? req.query.at("username") : "";
    nlohmann::json model{{"username", username}, {"page_title", a.views.message(req.lang, "desk.heading")}};
    if (!username.empty()) {
      const auto person = a.users.find_by_username(username);
      try {
        services::require_card_handler(person, who);  // the reset checks again
        std::string unit_name;
        if (auto u = a.units.find(person->home_path.front())) unit_name = u->name;
        model["person"] = {{"id", person->id}, {"display_name", person->display_name}, {"unit_name", unit_name}};
      } catch (const services::error&) {  // one answer: staff learn nothing of other areas
        model["error"] = a.views.message(req.lang, "desk.not_found");
      }
    }
    return page(a, req, "desk_password", std::move(model));
  });

  // Step two, confirmed: the temporary password, once (never cached).
  r.add("POST", "/staff/password/{user}", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto user = req.id_param("user");
    const auto temporary = a.desk.reset_password(who, user);
    const auto person = a.users.find(user);
    auto rep = page(
        a, req, "desk_password",
        {{"done", {{"display_name", person->display_name}, {"username", person->username}, {"password", temporary}}},
         {"page_title", a.views.message(req.lang, "desk.heading")}});
    rep.header("Cache-Control", "no-store");
    return rep;
  });
}

}  // namespace lifelong::handlers
