#pragma once
// Changes to a published course wait for review; learners keep the approved version
// until a reviewer approves them (issue 15, item 7). The pending details live in
// course_revisions (one row per course with changes); lessons added since approval have
// no published version yet, and a replaced video keeps the approved version published
// (lessons.published_version) while the new one is transcoded and reviewed.
// These run inside the caller's transaction.
#include <cppconn/connection.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "course_service.hpp"

namespace lifelong::services {

struct course_changes {
  course_fields fields;    // the details as the teacher wrote them since approval
  bool submitted = false;  // waiting for a reviewer; else still being edited
};

// The course's pending changes, if it has any.
std::optional<course_changes> read_changes(sql::Connection& db, std::uint64_t course_id);
// Records that a published course has changes (a no-op for any other course): its details
// are copied as they are, and changes already submitted go back to being edited, so a
// reviewer never approves something other than what they saw.
void note_change(sql::Connection& db, std::uint64_t course_id);
// The teacher's new details for a published course, held for review.
void hold_details(sql::Connection& db, std::uint64_t course_id, const course_fields& fields);
// What learners see becomes the working copy: the details of the pending changes, if any,
// lessons' new titles, the new cover, and every lesson's current video (conflict lessons_not_ready unless all are
// ready).
void publish_working_copy(sql::Connection& db, std::uint64_t course_id);
// Folds the pending details into the course itself (for a course that leaves the catalog:
// its edits then apply directly) and forgets the pending row.
void fold_changes(sql::Connection& db, std::uint64_t course_id);
// Forgets the pending details, new lesson titles and new cover (videos and added lessons
// untouched).
void drop_pending_details(sql::Connection& db, std::uint64_t course_id);
// Back to the approved version: pending details forgotten, lessons added since approval
// removed, replaced videos back to the approved ones.
void discard_changes(sql::Connection& db, std::uint64_t course_id);

void save_learner_groups(sql::Connection& db, std::uint64_t course_id, const std::vector<std::string>& codes);

}  // namespace lifelong::services
