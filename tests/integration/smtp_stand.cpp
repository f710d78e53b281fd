#include "smtp_stand.hpp"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include "common/tokens.hpp"
#include "env.hpp"
#include "processes.hpp"
#include "storage/sql.hpp"
#include "test_server.hpp"

namespace lifelong::test_env {
namespace {
lifelong::app& application() {
  return *test_server::get().application;
}
}  // namespace

smtp_server::smtp_server()
    : maildir(fresh_dir("smtp") / "maildir"),  // made by the server, with tmp/ new/ cur/
      pid(start_program({"/usr/bin/python3", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + std::to_string(smtp_port),
                         "-c", "aiosmtpd.handlers.Mailbox", maildir.string()},
                        (maildir.parent_path() / "smtpd.log").string())) {
  for (int i = 0;
       i < 100 && shell("bash -c 'exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(smtp_port) + "' 2>/dev/null") != 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
}

smtp_server::~smtp_server() {
  kill(pid, SIGTERM);
  wait_exit(pid, 10);
}

std::vector<std::string> smtp_server::messages() const {
  std::vector<std::string> out;
  if (!std::filesystem::exists(maildir / "new")) return out;
  for (const auto& f : std::filesystem::directory_iterator(maildir / "new")) {
    std::ifstream in(f.path());
    std::stringstream s;
    s << in.rdbuf();
    out.push_back(s.str());
  }
  return out;
}

mail_on::mail_on() : before(application().cfg.mail) {
  application().db.with([](sql::Connection& db) { lifelong::storage::change(db, "DELETE FROM mail_outbox"); });
  application().cfg.mail.smtp_url = "smtp://127.0.0.1:" + std::to_string(smtp_port);
  application().cfg.mail.from = "noreply@lifelong.test";
}

mail_on::~mail_on() {
  application().cfg.mail = before;
}

mail::delivery deliver() {
  return mail::deliver_waiting(application().db, application().cfg.mail);
}

std::string body_of(const std::string& message) {
  const auto start =
      message.find("\n\n") != std::string::npos ? message.find("\n\n") + 2 : message.find("\r\n\r\n") + 4;
  std::string flat;
  for (const char c : message.substr(start))
    if (c != '\r' && c != '\n') flat += c;
  return lifelong::base64_decode(flat).value_or("");
}

}  // namespace lifelong::test_env
