#pragma once
// What the steps that concern someone write for the messages page (message_service.hpp),
// inside the caller's transaction: the message is there with the step, or neither is.
#include <cppconn/connection.h>

#include <cstdint>
#include <string>

namespace lifelong::services::message_posts {

// A reviewer's decision, to the course's teacher: approved, returned, changes_approved,
// changes_returned (with the reviewer's comment). Other steps write nothing.
void review_step(sql::Connection& db, std::uint64_t course_id, const std::string& action, const std::string& comment);
// A course published for the first time, for those it is offered to (once per course).
void new_course(sql::Connection& db, std::uint64_t course_id);
// An upcoming offline class, for those living under its unit.
void new_class(sql::Connection& db, std::uint64_t activity_id, std::uint64_t unit_id);

}  // namespace lifelong::services::message_posts
