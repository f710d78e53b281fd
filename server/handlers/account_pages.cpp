// "My account": name, password, and signing out on every device.
#include "auth_common.hpp"
#include "community_picker.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {

// The mail that confirms a new address, in the language the person asked in.
services::password_reset_service::composer confirmation_mail(app& a, const std::string& lang) {
  return [&a, lang](const services::user_record& person, const std::string& token) {
    const auto site = site_name(a, lang);
    return mail::message{"", a.views.message(lang, "account.confirm_subject", {{"site", site}}),
                         a.views.message(lang, "account.confirm_body",
                                         {{"name", person.display_name},
                                          {"username", person.username},
                                          {"site", site},
                                          {"link", public_base(a) + "/account/email/confirm/" + token}})};
  };
}

// Blocking: lists the communities to choose a home from.
http::reply account_page(app& a, const http::request& req, const std::string& display_name, std::uint64_t home,
                         const std::string& notice_key, const http::http_error* e) {
  nlohmann::json model{{"display_name", display_name},
                       {"community_groups", community_groups(a, std::nullopt, home)},
                       {"page_title", a.views.message(req.lang, "account.heading")}};
  // An address for a forgotten password's link: only where the site can send mail, and
  // not for a learning card's session.
  if (a.password_resets.enabled() && req.user && !req.user->via_card) {
    model["mail_enabled"] = true;
    if (const auto person = a.users.find(req.user->user_id)) model["email"] = person->email;
  }
  if (req.user) {
    const auto s = a.messages.settings(*req.user);
    model["message_settings"] = {{"continue_nudges", s.continue_nudges}, {"by_mail", s.by_mail}};
    if (s.has_email && a.password_resets.enabled()) model["message_settings"]["may_mail"] = true;
  }
  if (!notice_key.empty()) model["notice"] = a.views.message(req.lang, notice_key);
  if (e) {
    model["error"] = a.views.message(req.lang, e->message_key);
    if (!e->field.empty()) model["error_field_" + e->field] = true;
  }
  auto rep = page(a, req, "account", std::move(model), e ? e->status : 200);
  if (e)
    for (const auto& [name, value] : e->headers) rep.header(name, value);
  return rep;
}

}  // namespace

void add_account_pages(http::router& r, app& a) {
  r.add("GET", "/account", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto notice = req.query.count("done")         ? "account.saved"
                        : req.query.count("change")     ? "account.set_own_password"
                        : req.query.count("email_sent") ? "account.email_sent"
                                                        : "";
    const auto home = who.home_path.empty() ? 0 : who.home_path.front();
    return account_page(a, req, who.display_name, home, notice, nullptr);
  });

  r.add("POST", "/account/profile", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto form = form_fields(req);
    const auto name = field(form, "display_name");
    std::optional<http::http_error> failed;
    try {
      const auto chosen = http::parse_id(field(form, "org_unit_id"));
      // No community chosen in the form: the home stays as it is.
      a.users.update_profile(who.user_id, name, chosen ? std::optional<std::uint64_t>(chosen) : std::nullopt,
                             chosen != 0);
      refresh_sessions(a, who.user_id);
    } catch (const std::exception& thrown) {
      const auto e = http::as_http_error(thrown);  // the service refuses in its own words
      if (!e || (e->status != 400)) throw;
      failed = *e;
    }
    const auto chosen = http::parse_id(field(form, "org_unit_id"));
    if (failed) return account_page(a, req, name, chosen, "", &*failed);
    return http::redirect("/account?done=1");
  });

  // 消息: nudges to go on with a course, and mail of messages (to a confirmed address).
  r.add("POST", "/account/messages", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto form = form_fields(req);
    try {
      // Mail is changed only where the form offered it (a confirmed address and [mail] set).
      const bool by_mail =
          field(form, "mail_offered") == "1" ? field(form, "by_mail") == "1" : a.messages.settings(who).by_mail;
      a.messages.change_settings(who, field(form, "continue_nudges") == "1", by_mail);
    } catch (const std::exception& thrown) {
      const auto e = http::as_http_error(thrown);
      if (!e || e->status != 400) throw;
      return account_page(a, req, who.display_name, who.home_path.empty() ? 0 : who.home_path.front(), "", &*e);
    }
    return http::redirect("/account?done=1#messages-heading");
  });

  // With the current password: a new address gets a link to confirm it (nothing changes
  // until it is opened); empty: no address. Never from a learning card.
  r.add("POST", "/account/email", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto form = form_fields(req);
    const auto email = field(form, "email");
    try {
      confirm_password(a, who, field(form, "current_password"), req.remote);
      if (email.empty()) {
        a.users.clear_email(who.user_id);
        return http::redirect("/account?done=1");
      }
      const auto person = a.users.find(who.user_id);
      if (!person) throw http::not_found();
      a.password_resets.propose_address(*person, email, confirmation_mail(a, req.lang));
    } catch (const std::exception& thrown) {
      const auto e = http::as_http_error(thrown);  // the service refuses in its own words
      if (!e || (e->status != 400 && e->status != 429)) throw;
      const auto home = who.home_path.empty() ? 0 : who.home_path.front();
      return account_page(a, req, who.display_name, home, "", &*e);
    }
    return http::redirect("/account?email_sent=1");
  });

  // The link in the confirmation mail: it works without signing in (another device).
  r.add("GET", "/account/email/confirm/{token}", [&a](http::request& req) -> http::reply {
    nlohmann::json model;
    int status = 200;
    try {
      a.password_resets.confirm_address(req.param("token"));
      model["confirmed"] = true;
    } catch (const services::error& e) {
      if (e.kind != services::refusal::conflict) throw;
      model["error"] = a.views.message(req.lang, e.message_key);
      status = 410;
    }
    return page(a, req, "email_confirmed", std::move(model), status);
  });

  r.add("POST", "/account/password", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto form = form_fields(req);
    std::optional<http::http_error> failed;
    std::optional<services::session> fresh;
    try {
      fresh = replace_password(a, who, field(form, "current_password"), field(form, "new_password"), req.remote);
    } catch (const std::exception& thrown) {
      const auto e = http::as_http_error(thrown);  // the service refuses in its own words
      if (!e || (e->status != 400 && e->status != 429)) throw;
      failed = *e;
    }
    const auto home = who.home_path.empty() ? 0 : who.home_path.front();
    if (failed) return account_page(a, req, who.display_name, home, "", &*failed);
    auto rep = http::redirect("/account?done=1");
    add_session_cookie(a, rep, *fresh);
    return rep;
  });

  r.add("POST", "/account/sign-out-everywhere", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    a.sessions.destroy_all(who.user_id);
    auto rep = http::redirect("/login");
    clear_session_cookie(a, rep);
    return rep;
  });
}

}  // namespace lifelong::handlers
