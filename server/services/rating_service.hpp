#pragma once
// Ratings and comments (评价): a resident who has started a course gives it 1 to 5 stars and
// may say why, once per course and changeable. The stars always count; a comment with a
// word of the site's held list waits for a reviewer, and the area's reviewers may hide one
// with a reason (logged; its author sees it was hidden, and why). The course's teacher
// replies. Flooding is bounded: at most `most_per_hour` ratings and comments written by
// one person in an hour (a write that changes nothing is not one).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actor.hpp"
#include "common/mysql_pool.hpp"
#include "course_service.hpp"

namespace lifelong::services {

struct rating_entry {
  std::uint64_t author_id = 0;
  std::string author_name;
  int stars = 0;
  std::string comment;
  std::string state;  // shown, held, hidden
  std::string hidden_reason;
  std::string reply;
  std::string updated_at;  // UTC, "YYYY-MM-DD HH:MM:SS"
};

struct page_of_ratings {
  std::vector<rating_entry> entries;
  int total = 0;
};

class rating_service {
 public:
  static constexpr int most_per_hour = 20;
  static constexpr std::size_t comment_chars = 500;
  static constexpr std::size_t reason_chars = 200;

  rating_service(mysql_pool& db, course_service& courses, std::vector<std::string> held_words)
      : db_(db), courses_(courses), held_words_(std::move(held_words)) {}

  // A published course open to the person, which they have started, and not their own.
  bool may_rate(const actor& who, const course_row& course);
  // Stars 1–5 and a comment of at most comment_chars (may be empty). Changing the comment
  // of a hidden one holds it for review again.
  void rate(const actor& who, std::uint64_t course_id, int stars, const std::string& comment);
  std::optional<rating_entry> own(const actor& who, std::uint64_t course_id);
  // The course's ratings as they are now: how many, and their stars' sum.
  std::pair<unsigned, unsigned> summary(std::uint64_t course_id);
  // Comments with words, newest first: shown ones for anyone who may see the course; the
  // reader's own whatever its state; held and hidden ones too for the area's reviewers.
  page_of_ratings comments(const actor* who, const course_row& course, int offset, int limit);
  // The course's teacher answers a comment; an empty text takes the answer back.
  void reply(const actor& who, std::uint64_t course_id, std::uint64_t author_id, const std::string& text);
  // The area's reviewers hide a comment (a reason is required) or show it (a held one
  // released, or a hidden one restored).
  void moderate(const actor& who, std::uint64_t course_id, std::uint64_t author_id, bool show,
                const std::string& reason);
  // Whether a comment holds one of the words that send it to review first.
  bool held(const std::string& comment) const;

 private:
  mysql_pool& db_;
  course_service& courses_;
  std::vector<std::string> held_words_;
};

}  // namespace lifelong::services
