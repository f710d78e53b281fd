// Pages that say how the site works for the people who use it: the privacy notice.
#include "pages.hpp"
#include "routes.hpp"

namespace lifelong::handlers {

void add_info_pages(http::router& r, app& a) {
  // What the site keeps about a person, why, for how long, and who to ask (config [site]).
  r.add("GET", "/privacy", [&a](http::request& req) -> http::reply {
    const auto& s = a.cfg.site;
    const auto& issuer = req.lang == "en" && !s.issuer_en.empty() ? s.issuer_en : s.issuer;
    nlohmann::json model{{"cookies_text", a.views.message(req.lang, "privacy.cookies",
                                                          {{"days", std::to_string(a.cfg.session.absolute_days)}})}};
    if (!issuer.empty()) model["issuer"] = issuer;
    if (!s.hotline.empty()) model["hotline"] = s.hotline;
    return page(a, req, "privacy", std::move(model));
  });
}

}  // namespace lifelong::handlers
