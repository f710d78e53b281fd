// Learning cards. Community staff (or administrators) set up an account for an older
// resident on the spot and print a card whose QR code signs the holder in with one tap;
// they can re-issue (the old card stops working) or revoke it. A card session is a
// learner's only, whatever else the person may be.
#include "auth_common.hpp"
#include "community_picker.hpp"
#include "pages.hpp"
#include "routes.hpp"
#include "view/local_format.hpp"
#include "view/qr_svg.hpp"

#include "common/tokens.hpp"

namespace lifelong::handlers {
namespace {

http::reply staff_page(app& a, const http::request& req, const services::session& who, const http::params& form,
                       const http::http_error* e) {
  const auto root = a.units.staffed_root(who);
  if (!root) throw http::forbidden();
  nlohmann::json holders = nlohmann::json::array();
  for (const auto& h : a.cards.holders(who, *root, 200))
    holders.push_back({{"user_id", h.user_id},
                       {"display_name", h.display_name},
                       {"username", h.username},
                       {"unit_name", h.unit_name},
                       {"issued_at", view::iso_utc(h.issued_at)},
                       {"issued_text", view::date_time_text(h.issued_at, req.lang)}});
  nlohmann::json model{{"holders", holders},
                       {"has_holders", !holders.empty()},
                       {"community_groups", community_groups(a, *root, http::parse_id(field(form, "org_unit_id")))},
                       {"community_required", true},
                       {"display_name", field(form, "display_name")},
                       {"username", field(form, "username")},
                       {"revoked", req.query.count("revoked") > 0},
                       {"page_title", a.views.message(req.lang, "cards.heading")}};
  if (e) {
    model["error"] = a.views.message(req.lang, e->message_key);
    model["error_field_" + e->field] = true;
  }
  return page(a, req, "cards", std::move(model), e ? e->status : 200);
}

http::reply card_page(app& a, const http::request& req, const services::user_record& person,
                      const std::string& secret) {
  const auto url = a.cfg.server.public_url + "/card/" + secret;
  auto qr = view::qr_code(url);
  if (!qr) throw http::http_error(500, "internal", "errors.internal");
  std::string unit_name;
  if (!person.home_path.empty())
    if (auto u = a.units.find(person.home_path.front())) unit_name = u->name;
  return page(a, req, "card_print",
              {{"holder", person.display_name},
               {"unit_name", unit_name},
               {"url", url},
               {"qr", {{"size", qr->size}, {"path", qr->path}}},
               {"page_title", a.views.message(req.lang, "cards.print_heading")}});
}

std::string generated_username() {
  std::string name = "card-";
  for (char c : random_token().substr(0, 10)) name += (c == '-' || c == '_') ? 'x' : c;
  return name;
}

}  // namespace

void add_card_pages(http::router& r, app& a) {
  r.add("GET", "/staff/cards", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    return staff_page(a, req, who, {}, nullptr);
  });

  // A new resident and their first card, in one step at the community's desk.
  r.add("POST", "/staff/cards", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto form = form_fields(req);
    if (!a.units.staffed_root(who)) throw http::forbidden();
    try {
      auto username = field(form, "username");
      if (username.empty()) username = generated_username();
      const auto unit = http::parse_id(field(form, "org_unit_id"));
      const auto made = a.cards.set_up(who, {username, field(form, "display_name"), random_password(24),
                                             unit ? std::optional<std::uint64_t>(unit) : std::nullopt});
      return card_page(a, req, *a.users.find(made.user_id), made.secret);
    } catch (const std::exception& thrown) {
      const auto e = http::as_http_error(thrown);  // the service refuses in its own words
      if (!e || (e->status != 400 && e->status != 409)) throw;
      return staff_page(a, req, who, form, &*e);
    }
  });

  r.add("POST", "/staff/cards/{user}/reissue", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto user = req.id_param("user");
    const auto secret = a.cards.reissue(who, user);
    a.sessions.destroy_all(user);  // whoever holds the old card is signed out
    return card_page(a, req, *a.users.find(user), secret);
  });

  r.add("POST", "/staff/cards/{user}/revoke", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto user = req.id_param("user");
    a.cards.revoke(who, user);
    a.sessions.destroy_all(user);
    return http::redirect("/staff/cards?revoked=1");
  });

  // Scanning the card opens this page; one big button signs in. (Not on GET: link
  // previews and prefetching must not sign anyone in.)
  r.add("GET", "/card/{secret}", [&a](http::request& req) -> http::reply {
    const auto id = a.cards.holder(req.param("secret"));
    const auto person = id ? a.users.find(*id) : std::nullopt;
    if (!person) throw http::http_error(404, "not_found", "cards.invalid");
    return page(a, req, "card_welcome",
                {{"holder", person->display_name},
                 {"secret", req.param("secret")},
                 {"simple", true},  // the person holding the card is who the simplified pages are for
                 {"page_title", a.views.message(req.lang, "cards.welcome_heading")}});
  });

  r.add("POST", "/card/{secret}", [&a](http::request& req) -> http::reply {
    const auto id = a.cards.holder(req.param("secret"));
    const auto person = id ? a.users.find(*id) : std::nullopt;
    if (!person) throw http::http_error(404, "not_found", "cards.invalid");
    if (req.user) a.sessions.destroy(req.user->id);  // whoever used this phone before
    auto rep = http::redirect("/");
    add_session_cookie(a, rep, a.sessions.create(identity_of(*person, true)));
    return rep;
  });
}

}  // namespace lifelong::handlers
