#pragma once
// A course's way to the catalog: draft → submitted → published, or back to draft with
// the reviewer's comment; a published course can be withdrawn (back to draft) or
// archived. Each step changes the status only from the states it allows (so two
// reviewers deciding at once cannot both win) and is written to course_reviews in the
// same transaction. Who may take a step is the handlers' business (can_edit, can_review).
#include <cstdint>
#include <string>
#include <vector>

#include "common/mysql_pool.hpp"
#include "course_service.hpp"

namespace lifelong::services {

struct review_entry {
  std::uint64_t actor_id = 0;
  std::string actor_name;
  std::string action;  // submitted, approved, returned, withdrawn, archived
  std::string comment;
  std::string at;  // "YYYY-MM-DD HH:MM:SS", UTC
};

class review_service {
 public:
  review_service(mysql_pool& db, course_service& courses) : db_(db), courses_(courses) {}

  void submit(std::uint64_t course_id, std::uint64_t actor);  // only complete courses
  // approve → published; otherwise → draft, and the comment is required.
  void decide(std::uint64_t course_id, std::uint64_t actor, bool approve, const std::string& comment);
  void withdraw(std::uint64_t course_id, std::uint64_t actor, const std::string& comment);
  void archive(std::uint64_t course_id, std::uint64_t actor, const std::string& comment);
  std::vector<review_entry> history(std::uint64_t course_id);
  // The latest comment a reviewer returned the course with, if it is a draft because of it.
  std::string returned_comment(std::uint64_t course_id);

 private:
  void step(std::uint64_t course_id, const char* allowed_from, const char* to, std::uint64_t actor,
            const char* action, const std::string& comment, const char* refusal_key);
  mysql_pool& db_;
  course_service& courses_;
};

}  // namespace lifelong::services
