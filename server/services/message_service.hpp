#pragma once
// 站内消息: what concerns a person (message_posts.hpp writes it) and news for their area,
// newest first; the bell counts what came since they last opened the page. News is kept
// to the last `news_days`, and only from after the person joined. A nudge to go on with
// a course left unfinished for a week comes at most once a week and once per course
// left; each person may turn nudges off, and may have messages mailed to their
// confirmed address too (the mail waits in mail_outbox).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "actor.hpp"
#include "common/mysql_pool.hpp"
#include "mail/smtp_client.hpp"

namespace lifelong::services {

struct message_row {
  bool personal = true;  // else news for the area
  std::uint64_t id = 0;
  std::string kind;  // approved, returned, changes_approved, changes_returned, lesson_failed, continue,
                     // new_course, new_class
  std::uint64_t course_id = 0;
  std::string course_title;
  std::uint64_t lesson_id = 0;
  std::string lesson_title;
  std::uint64_t activity_id = 0;
  std::string activity_title;
  std::string activity_place;
  std::string activity_starts_at;  // UTC, "YYYY-MM-DD HH:MM:SS"
  std::string note;                // the reviewer's comment; the transcoder's failure code
  std::string at;                  // UTC, "YYYY-MM-DD HH:MM:SS"
  bool unread = false;
};

struct page_of_messages {
  std::vector<message_row> messages;
  int total = 0;
};

struct message_settings {
  bool continue_nudges = true;
  bool by_mail = false;
  bool has_email = false;  // read only: mail goes to a confirmed address
};

class message_service {
 public:
  static constexpr int news_days = 30;
  static constexpr int nudge_after_days = 7;

  explicit message_service(mysql_pool& db) : db_(db) {}

  int unread(const actor& who);
  // Newest first; says which are unread, and marks nothing read.
  page_of_messages of(const actor& who, int offset, int limit);
  // Everything up to now is read (opening the page, or "知道了" on the simplified home).
  void mark_read(const actor& who);
  message_settings settings(const actor& who);
  // by_mail without a confirmed address is refused (invalid, field by_mail).
  void change_settings(const actor& who, bool continue_nudges, bool by_mail);

  // One round of nudges, for up to `limit` people (the server runs it hourly on one
  // machine of the site); how many were sent.
  int send_nudges(int limit = 1000);

  // Turns what was written in the last day and not yet looked at into mail for those
  // who asked for it, inside one transaction with the outbox rows; `compose` words one
  // message for an address. How many messages and news were looked at (up to `limit`
  // of each a round; more wait for the next).
  using composer = std::function<mail::message(const std::string& to, const message_row&)>;
  int queue_mail(const composer& compose, int limit = 100);

 private:
  mysql_pool& db_;
};

}  // namespace lifelong::services
