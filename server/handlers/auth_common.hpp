#pragma once
// Signing in and out, shared by the pages and the API.
#include <optional>

#include "app.hpp"
#include "http/reply.hpp"
#include "http/request.hpp"

namespace lifelong::handlers {

// Who a session says the person is; with via_card, a learner only.
services::session identity_of(const services::user_record& u, bool via_card);
// Blocking: after a change of roles or home, every live session of the person follows.
void refresh_sessions(app& a, std::uint64_t user_id);

// nullopt when the name or the password is wrong (the caller must not say which).
// Throws 429 (with Retry-After) after too many failures for the name or the address.
// `device_mode` is the simplified-pages choice made on this device before signing in (the
// ll_mode cookie): the latest choice, so it becomes the account's.
std::optional<services::session> sign_in(app& a, std::string username, std::string password, std::string address,
                                         std::optional<bool> device_mode = std::nullopt);
// The ll_mode cookie's choice: true for simplified, false for standard, nullopt if none.
std::optional<bool> device_mode(const http::request& req);
// Blocking: checks the current password (a wrong one counts as a failed sign-in), stores
// the new one, ends every session of the person and returns a fresh one for this device.
// The person's own password, asked again before something that could hand the account
// to someone else (its e-mail address): counted like a sign-in, refused for a card.
void confirm_password(app& a, const services::session& who, const std::string& current, const std::string& address);

services::session replace_password(app& a, const services::session& who, const std::string& current,
                                   const std::string& replacement, const std::string& address);
void sign_out(app& a, const http::request& req);
// Blocking: a resident registering themselves from `address`: 429 (with Retry-After)
// past the address's limit, then the checks and the account (user_service).
std::uint64_t register_resident(app& a, const services::new_user& u, const std::string& address);

void add_session_cookie(app& a, http::reply& rep, const services::session& s);
void clear_session_cookie(app& a, http::reply& rep);

}  // namespace lifelong::handlers
