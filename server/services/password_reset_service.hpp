#pragma once
// A forgotten password reset by e-mail (when [mail] is configured): a link with a random
// token, kept only as its SHA-256, that works once and for reset_minutes. Asking never
// tells whether a name or address is registered: the same answer either way, and at most
// three links an hour go to one person. Using a link ends every session of the person.
// The address itself is set by a link mailed to it (propose_address, confirm_address),
// so nobody can give the account someone else's inbox, nor learn whose an address is.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "common/config.hpp"
#include "common/mysql_pool.hpp"
#include "mail/smtp_client.hpp"
#include "session_store.hpp"
#include "user_service.hpp"

namespace lifelong::services {

class password_reset_service {
 public:
  // The message for a person with the link's token (the caller's words and address).
  using composer = std::function<mail::message(const user_record& person, const std::string& token)>;

  password_reset_service(mysql_pool& db, user_service& users, session_store& sessions, const mail_settings& mail)
      : db_(db), users_(users), sessions_(sessions), mail_(mail) {}

  bool enabled() const { return mail_.enabled(); }
  // By user name or e-mail address. Silent: nothing is said of whom it found, if anyone.
  void request(const std::string& name_or_email, const composer& compose);
  // Whose link this is while it still works.
  std::optional<std::uint64_t> holder(const std::string& token);
  // Sets the new password (bad_request by the password rules) and spends the link and
  // any other of the person's; conflict reset_link_invalid for a used, expired or unknown one.
  void complete(const std::string& token, const std::string& new_password);

  // Mails a confirmation link to a new address (bad_request email_invalid); at most three
  // an hour per person, silently. Nothing changes until the link is opened.
  void propose_address(const user_record& person, const std::string& email, const composer& compose);
  // The address becomes the person's, and reset links sent elsewhere stop working;
  // conflict confirm_link_invalid, or email_taken when another account confirmed it first.
  void confirm_address(const std::string& token);

 private:
  mysql_pool& db_;
  user_service& users_;
  session_store& sessions_;
  const mail_settings& mail_;
};

}  // namespace lifelong::services
