#pragma once
// Messages written in the last day become mail for those who asked for it; the server's
// mail loop runs this before each delivery round (server/main.cpp).
namespace lifelong {
struct app;
}

namespace lifelong::handlers {

// How many messages were looked at (message_service::queue_mail). Worded in the site's default language (Simplified
// Chinese).
int queue_message_mail(app& a);

}  // namespace lifelong::handlers
