#pragma once
// Sends one plain-text message with libcurl's SMTP client (UTF-8 subject and body).
#include <optional>
#include <string>

#include "common/config.hpp"

namespace lifelong::mail {

struct message {
  std::string to, subject, body;
};

// The message as it goes on the wire: headers (the subject RFC 2047-encoded), then the
// body in base64, so no line of anyone's text can end the headers or the message.
std::string wire_format(const mail_settings& s, const message& m, const std::string& date, const std::string& id);

struct refusal {
  std::string reason;
  bool permanent = false;  // the server refused this message for good (a 5xx reply)
};
// nullopt when the server took it; otherwise why not.
std::optional<refusal> send(const mail_settings& s, const message& m);

// One address: local@domain, at most 254 bytes, nothing that could start another header
// or a second recipient.
bool plausible_address(const std::string& address);

}  // namespace lifelong::mail
