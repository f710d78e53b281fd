// Learning cards. Community staff (or administrators) set up an account for an older
// resident on the spot and print a card whose QR code signs the holder in with one tap;
// they can re-issue (the old card stops working) or revoke it. A card session is a
// learner's only, whatever else the person may be.
#include "auth_common.hpp"
#include "community_picker.hpp"
#include "pages.hpp"
#include "routes.hpp"
#include "unit_admin.hpp"
#include "view/local_format.hpp"
#include "view/qr_svg.hpp"

#include "common/tokens.hpp"

namespace lifelong::handlers {
namespace {

// The top of the area where the person may set up residents: nullopt if nowhere.
std::optional<std::uint64_t> staffed_root(app& a, const http::session& who) {
  if (auto root = administered_root(a, who)) return root;
  if (auto it = who.role_units.find("staff"); it != who.role_units.end()) return it->second;
  return std::nullopt;
}

http::reply staff_page(app& a, const http::request& req, const http::session& who, const http::params& form,
                       const http::http_error* e) {
  const auto root = staffed_root(a, who);
  if (!root) throw http::forbidden();
  std::vector<std::uint64_t> area;
  for (const auto& u : a.units.subtree(*root)) area.push_back(u.id);
  nlohmann::json holders = nlohmann::json::array();
  for (const auto& h : a.cards.holders_in(area, 200))
    holders.push_back({{"user_id", h.user_id}, {"display_name", h.display_name}, {"username", h.username},
                       {"unit_name", h.unit_name}, {"issued_at", view::iso_utc(h.issued_at)}, {"issued_text", view::date_time_text(h.issued_at, req.lang)}});
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

// A person whose card this staff member may handle: home in their area, and a learner
// only (a card must never stand in for a teacher's or an administrator's password).
services::user_record card_person(app& a, const http::session& who, std::uint64_t user_id) {
  auto person = a.users.find(user_id);
  if (!person || person->home_path.empty()) throw http::not_found();
  if (!who.staffs(person->home_path)) throw http::forbidden();
  if (!person->roles.empty()) throw http::forbidden("cards.not_for_staff");
  return *person;
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
  r.add("GET", "/staff/cards", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto& who = require_user(req);
    co_return co_await net::offload(a.blocking, [&] { return staff_page(a, req, who, {}, nullptr); });
  });

  // A new resident and their first card, in one step at the community's desk.
  r.add("POST", "/staff/cards", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto& who = require_user(req);
    const auto form = form_fields(req);
    co_return co_await net::offload(a.blocking, [&]() -> http::reply {
      if (!staffed_root(a, who)) throw http::forbidden();
      try {
        const auto unit = http::parse_id(field(form, "org_unit_id"));
        auto place = unit ? a.units.find(unit) : std::nullopt;
        if (!place || place->level != "community") throw http::bad_request("cards.community_required", "org_unit_id");
        require_staff(a, who, unit);
        auto username = field(form, "username");
        if (username.empty()) username = generated_username();
        services::new_user u{username, field(form, "display_name"), random_password(24), unit};
        u.simplified = true;  // older learners start with the simplified pages
        const auto id = a.users.register_user(u);
        const auto secret = a.cards.issue(id, who.user_id);
        return card_page(a, req, *a.users.find(id), secret);
      } catch (const std::exception& thrown) {
        const auto e = http::as_http_error(thrown);  // the service refuses in its own words
        if (!e || (e->status != 400 && e->status != 409)) throw;
        return staff_page(a, req, who, form, &*e);
      }
    });
  });

  r.add("POST", "/staff/cards/{user}/reissue", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto& who = require_user(req);
    const auto user = req.id_param("user");
    co_return co_await net::offload(a.blocking, [&] {
      auto person = card_person(a, who, user);
      const auto secret = a.cards.reissue(person.id, who.user_id);
      a.sessions.destroy_all(person.id);  // whoever holds the old card is signed out
      return card_page(a, req, person, secret);
    });
  });

  r.add("POST", "/staff/cards/{user}/revoke", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    const auto& who = require_user(req);
    const auto user = req.id_param("user");
    co_await net::offload(a.blocking, [&] {
      auto person = card_person(a, who, user);
      a.cards.revoke(person.id);
      a.sessions.destroy_all(person.id);
    });
    co_return http::redirect("/staff/cards?revoked=1");
  });

  // Scanning the card opens this page; one big button signs in. (Not on GET: link
  // previews and prefetching must not sign anyone in.)
  r.add("GET", "/card/{secret}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    auto person = co_await net::offload(a.blocking, [&]() -> std::optional<services::user_record> {
      auto id = a.cards.holder(req.param("secret"));
      return id ? a.users.find(*id) : std::nullopt;
    });
    if (!person) throw http::http_error(404, "not_found", "cards.invalid");
    co_return page(a, req, "card_welcome",
                   {{"holder", person->display_name},
                    {"secret", req.param("secret")},
                    {"page_title", a.views.message(req.lang, "cards.welcome_heading")}});
  });

  r.add("POST", "/card/{secret}", [&a](http::request& req) -> boost::asio::awaitable<http::reply> {
    auto session = co_await net::offload(a.blocking, [&]() -> std::optional<http::session> {
      auto id = a.cards.holder(req.param("secret"));
      auto person = id ? a.users.find(*id) : std::nullopt;
      if (!person) return std::nullopt;
      if (req.user) a.sessions.destroy(req.user->id);  // whoever used this phone before
      return a.sessions.create(identity_of(*person, true));
    });
    if (!session) throw http::http_error(404, "not_found", "cards.invalid");
    auto rep = http::redirect("/");
    add_session_cookie(a, rep, *session);
    co_return rep;
  });
}

}  // namespace lifelong::handlers
