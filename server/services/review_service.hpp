#pragma once
// A course's way to the catalog: draft → submitted → published, or back to draft with
// the reviewer's comment; a published course can be withdrawn (back to draft) or
// archived. Each step changes the status only from the states it allows (so two
// reviewers deciding at once cannot both win) and is written to course_reviews in the
// same transaction. Each step checks first who may take it (services/permissions.hpp).
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/mysql_pool.hpp"
#include "course_service.hpp"

namespace lifelong::services {

struct review_entry {
  std::uint64_t actor_id = 0;
  std::string actor_name;
  std::string action;  // submitted, approved, returned, withdrawn, archived, changes_*
  std::string comment;
  std::string at;  // "YYYY-MM-DD HH:MM:SS", UTC
};

class review_service {
 public:
  review_service(mysql_pool& db, course_service& courses) : db_(db), courses_(courses) {}

  // Only complete courses. Of a published course, its pending changes (course_changes.hpp).
  void submit(const actor& who, std::uint64_t course_id);
  // approve → published; otherwise → draft, and the comment is required. Of a published
  // course, its submitted changes: approved ones become what learners see, returned ones
  // go back to the teacher.
  void decide(const actor& who, std::uint64_t course_id, bool approve, const std::string& comment);
  // The teacher takes a submission back before a reviewer decides: a course to draft, a
  // published course's changes back to being edited (conflict nothing_to_recall otherwise).
  void recall(const actor& who, std::uint64_t course_id);
  // The teacher's way back to the approved version of a published course.
  void discard_changes(const actor& who, std::uint64_t course_id);
  // The teacher or the area's reviewers take a course off the catalog; only reviewers archive.
  void withdraw(const actor& who, std::uint64_t course_id, const std::string& comment);
  void archive(const actor& who, std::uint64_t course_id, const std::string& comment);
  // The course's audit log, for its teacher and the area's reviewers.
  std::vector<review_entry> history(const actor& who, std::uint64_t course_id);
  // Submitted courses this reviewer may decide on, oldest first.
  std::vector<course_row> queue(const actor& who);
  // The latest comment a reviewer returned the course (or its changes) with, if that is
  // still the latest step.
  std::string returned_comment(std::uint64_t course_id);

 private:
  std::string status_of(std::uint64_t course_id);
  std::vector<review_entry> entries(std::uint64_t course_id);
  void step(std::uint64_t course_id, const char* allowed_from, const char* to, std::uint64_t actor, const char* action,
            const std::string& comment, const char* refusal_key,
            const std::function<void(sql::Connection&)>& also = {});
  // A step on a published course's pending changes; `act` is told whether they are submitted.
  void changes_step(std::uint64_t course_id, std::uint64_t actor, const char* action, const std::string& comment,
                    const char* refusal_key, const std::function<void(sql::Connection&, bool submitted)>& act);
  mysql_pool& db_;
  course_service& courses_;
};

}  // namespace lifelong::services
