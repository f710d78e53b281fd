// 站内消息: the bell's page (opening it reads them), "知道了" on the simplified home, the
// API, and each person's choices (nudges, mail).
#include "http/return_path.hpp"
#include "message_mail.hpp"
#include "message_text.hpp"
#include "models.hpp"
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {
namespace {
constexpr int per_page = 20;

nlohmann::json messages_json(app& a, const http::request& req, const services::session& who, int page_no) {
  const auto found = a.messages.of(who, (page_no - 1) * per_page, per_page);
  auto list = nlohmann::json::array();
  for (const auto& m : found.messages) list.push_back(message_json(a.views, req.lang, m));
  const int pages = std::max(1, (found.total + per_page - 1) / per_page);
  return {{"messages", list}, {"total", found.total}, {"page", page_no}, {"pages", pages}};
}

nlohmann::json settings_json(const services::message_settings& s) {
  return {{"continue_nudges", s.continue_nudges}, {"by_mail", s.by_mail}, {"has_email", s.has_email}};
}

// A JSON field that must be a boolean when given; the current value otherwise.
bool flag(const nlohmann::json& body, const char* name, bool current) {
  if (!body.contains(name)) return current;
  if (!body[name].is_boolean()) throw http::bad_request("errors.bad_json", name);
  return body[name].get<bool>();
}
}  // namespace

int queue_message_mail(app& a) {
  const std::string lang = "zh-CN";
  const auto site = site_name(a, lang);
  const auto base = public_base(a);
  return a.messages.queue_mail([&](const std::string& to, const services::message_row& m) {
    return message_mail(a.views, lang, site, base, to, m);
  });
}

void add_message_pages(http::router& r, app& a) {
  r.add("GET", "/api/v1/me/messages", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    return http::json_reply(messages_json(a, req, who, page_number(req)).dump());
  });
  r.add("GET", "/api/v1/me/messages/unread", [&a](http::request& req) -> http::reply {
    return http::json_reply(nlohmann::json{{"unread", a.messages.unread(require_user(req))}}.dump());
  });
  r.add("POST", "/api/v1/me/messages/read", [&a](http::request& req) -> http::reply {
    a.messages.mark_read(require_user(req));
    return http::json_reply(nlohmann::json{{"unread", 0}}.dump());
  });
  r.add("GET", "/api/v1/me/message-settings", [&a](http::request& req) -> http::reply {
    return http::json_reply(settings_json(a.messages.settings(require_user(req))).dump());
  });
  r.add("PUT", "/api/v1/me/message-settings", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const auto body = json_body(req);
    const auto now = a.messages.settings(who);
    a.messages.change_settings(who, flag(body, "continue_nudges", now.continue_nudges),
                               flag(body, "by_mail", now.by_mail));
    return http::json_reply(settings_json(a.messages.settings(who)).dump());
  });

  r.add("GET", "/me/messages", [&a](http::request& req) -> http::reply {
    const auto& who = require_user(req);
    const int page_no = page_number(req);
    auto model = messages_json(a, req, who, page_no);
    if (page_no == 1) a.messages.mark_read(who);  // shown: read (the page still marks which were new)
    const int pages = model["pages"];
    model["has_messages"] = !model["messages"].empty();
    if (page_no > 1) model["prev_page"] = page_no - 1;
    if (page_no < pages) model["next_page"] = page_no + 1;
    if (model["messages"].empty() && model["total"].get<int>() > 0)  // a page past the last, from an old link
      model["past_end"] = a.views.message(req.lang, "catalog.past_end", {{"pages", std::to_string(pages)}});
    model["is_empty"] = model["total"].get<int>() == 0;
    model["page_title"] = a.views.message(req.lang, "messages_page.heading");
    return page(a, req, "messages", std::move(model));
  });
  r.add("POST", "/me/messages/read", [&a](http::request& req) -> http::reply {
    a.messages.mark_read(require_user(req));
    const auto back = field(form_fields(req), "back");
    return http::redirect(back.empty() ? "/" : http::local_return_path(back));
  });
}

}  // namespace lifelong::handlers
