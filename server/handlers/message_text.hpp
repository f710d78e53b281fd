#pragma once
// A message in words, for the messages page, the simplified home's cards, the API and
// mail: its sentence, the reviewer's comment or the failure's reason, and where it leads.
#include <nlohmann/json.hpp>

#include "mail/smtp_client.hpp"
#include "services/message_service.hpp"
#include "view/views.hpp"

namespace lifelong::handlers {

nlohmann::json message_json(const view::views& v, const std::string& lang, const services::message_row& m);

// A mail of the message for `to`: site name in the subject, the page's link, and how to
// stop such mail. `base` is where links start (public_base).
mail::message message_mail(const view::views& v, const std::string& lang, const std::string& site,
                           const std::string& base, const std::string& to, const services::message_row& m);

}  // namespace lifelong::handlers
