#pragma once
// A real SMTP server on loopback for mail tests (Debian's python3-aiosmtpd, writing a
// Maildir), and the shared test server's mail settings pointed at it for one test.
#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "common/config.hpp"
#include "mail/outbox.hpp"

namespace lifelong::test_env {

constexpr unsigned short smtp_port = 18271;

// Its messages are in `maildir/new`; stopped with the test.
struct smtp_server {
  smtp_server();
  ~smtp_server();
  smtp_server(const smtp_server&) = delete;
  smtp_server& operator=(const smtp_server&) = delete;
  std::vector<std::string> messages() const;

  std::filesystem::path maildir;
  pid_t pid = 0;
};

// The mail settings for this test, restored afterwards (the server is shared); the
// outbox starts empty.
struct mail_on {
  mail_on();
  ~mail_on();
  mail_settings before;
};

// One delivery round of the shared server's outbox.
mail::delivery deliver();

// The body of a message (base64 after the blank line), decoded.
std::string body_of(const std::string& message);

}  // namespace lifelong::test_env
