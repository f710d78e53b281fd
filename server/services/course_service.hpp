#pragma once
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "actor.hpp"
#include "common/mysql_pool.hpp"
#include "common/replica_reads.hpp"
#include "common/shared_version.hpp"
#include "common/stamped_cache.hpp"

namespace lifelong::services {

struct lesson_row {
  std::uint64_t id = 0;
  std::uint64_t course_id = 0;
  int position = 0;
  std::string title;           // the working copy's: a new title waiting for review, if any
  std::string approved_title;  // what learners of a published course see
  std::string status;          // empty, queued, transcoding, ready, failed
  std::string failure_code;    // why it failed, as a message key suffix
  int progress_pct = 0;
  std::uint32_t duration_ms = 0;
  std::uint32_t media_version = 0;      // the working copy's (course_changes.hpp)
  std::uint32_t published_version = 0;  // what learners of a published course play; 0: none yet
  std::uint32_t published_duration_ms = 0;
};

struct course_row {
  std::uint64_t id = 0;
  std::string title;
  std::string summary;
  std::string category_code;
  std::uint64_t teacher_id = 0;
  std::string teacher_name;
  std::string status;  // draft, submitted, published, archived
  double credits = 0;
  int lesson_count = 0;
  std::uint64_t cover_lesson_id = 0;     // the first ready lesson, whose poster is the cover
  std::vector<std::uint64_t> unit_path;  // the providing unit, then its parent, up to the city
  std::uint32_t cover_version = 0;
  std::vector<std::uint64_t> audience;      // offered only to residents of these units; empty: the whole city
  std::vector<std::string> learner_groups;  // codes of the kinds of people it is written for
  unsigned learners = 0;                    // people who have played any of its lessons
  unsigned rating_count = 0;                // ratings given (rating_service.hpp), and their stars' sum
  unsigned rating_sum = 0;
  std::string changes;            // a published course's pending changes: "", "editing" or "submitted"
  std::string cover_image;        // its own cover's stem (cover_service.hpp); empty: the lesson poster
  std::string draft_cover_image;  // a published course's new cover, waiting for review
};

struct category_row {
  std::string code, name_zh, name_en;
  bool for_older_adults = false;
  int sort_order = 0;
};

struct learner_group_row {
  std::string code;  // named by the message catalogs: learner_groups.<code>
};

// What a teacher writes about a course.
struct course_fields {
  std::string title, summary, category_code;
  double credits = 1.0;
  std::vector<std::string> learner_groups;
};

struct catalog_filter;

struct page_of_courses {
  std::vector<course_row> courses;
  int total = 0;
};

class course_service {
 public:
  // `catalog` and `courses` are the site's stamps for what caches hold (shared_version.hpp).
  // The catalog may be a moment old: `reads` takes it from the replica when there is one.
  course_service(mysql_pool& db, replica_reads& reads, shared_version& catalog, shared_version& courses)
      : db_(db), reads_(reads), catalog_version_(catalog), course_version_(courses) {}

  // Published courses offered to a resident living at `home_path` (anonymous: empty),
  // as the filter narrows and orders them (course_catalog.hpp).
  page_of_courses catalog(const catalog_filter& filter, int offset, int limit,
                          const std::vector<std::uint64_t>& home_path);
  std::vector<course_row> by_teacher(std::uint64_t teacher_id);
  std::optional<course_row> find(std::uint64_t id);
  // Submitted courses, oldest first (the whole city's; callers keep those they may review).
  // Submitted courses of the subtree of `within` (every one for nullopt), oldest first,
  // at most 500: filtered in SQL, so a small district's queue is never cut off by the
  // rest of the city's.
  std::vector<course_row> awaiting_review(std::optional<std::uint64_t> within);
  // The working copy of the lessons (pending changes included): for the course's teacher
  // and reviewers. Pages for anyone else go through lessons_seen_by / seen_by.
  std::vector<lesson_row> lessons(std::uint64_t course_id);
  std::optional<lesson_row> lesson(std::uint64_t id);
  std::vector<lesson_row> lessons_seen_by(const course_row& c, const actor* who);
  // The course as someone may see it (not_found otherwise), and one they may edit
  // (not_found, or forbidden when they may only see it): services/permissions.hpp.
  course_row visible(std::uint64_t id, const actor* who);
  course_row editable(const actor& who, std::uint64_t id);
  lesson_row editable_lesson(const actor& who, std::uint64_t lesson_id);
  // The course and its lessons as `who` sees them (not_found unless they may): a
  // published course's come from memory, checked for this person as visible and
  // lessons_seen_by check them; its teacher and reviewers, and unpublished courses, are
  // read fresh.
  std::pair<course_row, std::vector<lesson_row>> visible_with_lessons(std::uint64_t id, const actor* who);
  // The lesson as this person sees it, and its course: not_found unless they may.
  std::pair<lesson_row, course_row> visible_lesson(std::uint64_t lesson_id, const actor* who);
  // A published course's changes waiting for review, if any (course_changes.hpp).
  std::optional<course_fields> pending_details(std::uint64_t course_id);
  // Cached after the first read: categories change rarely (site administrators only).
  std::vector<category_row> categories();
  std::vector<learner_group_row> learner_groups();
  // Site administrators: add or rename a category (by code); remove one no course uses.
  void save_category(const actor& who, const category_row& c);
  void remove_category(const actor& who, const std::string& code);

  // A draft of this teacher's; invalid naming the field for bad fields.
  std::uint64_t create(const actor& teacher, const course_fields& fields);
  // Rewrites what the teacher wrote. A published course stays as it was approved: the
  // new details wait for review (course_changes.hpp), and so does a lesson added to it.
  void update(const actor& who, std::uint64_t course_id, const course_fields& fields);
  std::uint64_t add_lesson(const actor& who, std::uint64_t course_id, const std::string& title);
  // A lesson of a published course keeps its approved title for learners until the
  // changes are approved; any other takes the new one at once.
  void rename_lesson(const actor& who, std::uint64_t lesson_id, const std::string& title);
  // One place earlier (up) or later; a no-op at either end. The order applies at once,
  // also in a published course: it changes nothing a reviewer judges.
  void move_lesson(const actor& who, std::uint64_t lesson_id, bool up);
  // Refused (conflict) while learners have a record of it, and for an approved lesson of
  // a published course; the lesson's video folders stay until the media sweep.
  void delete_lesson(const actor& who, std::uint64_t lesson_id);
  // Offers the course to residents of these units (and everything below them) only;
  // none: the whole city. bad_request for an unknown unit or too many.
  void set_audience(const actor& who, std::uint64_t course_id, const std::vector<std::uint64_t>& units);
  // Throws conflict unless the course has lessons and every one is ready.
  void require_complete(std::uint64_t course_id);

  // The stamp of cached catalog pages. Every change to what a page shows of a course
  // calls course_changed (which moves the catalog's too); catalog_changed is for what only
  // the catalog shows (a course's first learner moves "most watched"). Both block: one
  // INCR in Redis, so that every server's caches see it.
  std::uint64_t catalog_version() const { return catalog_version_.current(); }
  void catalog_changed() { catalog_version_.bump(); }
  void course_changed() {
    course_version_.bump();
    catalog_version_.bump();
  }

  // How often a published course was found in memory (for /metrics).
  const cache_counts& published_cache_counts() const { return published_.counts(); }

 private:
  mysql_pool& db_;
  replica_reads& reads_;
  shared_version& catalog_version_;
  shared_version& course_version_;
  std::mutex categories_mutex_;
  std::vector<category_row> categories_;
  std::uint64_t categories_stamp_ = 0;  // course_version_ when categories_ were read
  std::chrono::steady_clock::time_point categories_read_;
  std::vector<learner_group_row> learner_groups_;
  struct published_course {
    course_row course;
    std::vector<lesson_row> lessons;  // the working copy: seen_by makes each viewer's
  };
  stamped_cache<std::uint64_t, published_course> published_{5000, std::chrono::seconds(10)};

  void check(const course_fields& fields, sql::Connection& db);
};

constexpr std::size_t max_audience_units = 100;

// Whether the course is offered to this person: everyone for a whole-city course, else
// residents whose home lies under one of its audience units.
bool offered_to(const course_row& c, const actor* who);
// Who may see a course and its media: those it is offered to once published; always its
// teacher, the reviewers of a unit above it, and site administrators.
bool can_view(const course_row& c, const actor* who);
bool can_edit(const course_row& c, const actor* who);
// Whether this person sees the working copy of a course (its pending changes): its
// teacher and reviewers do, of any course; of a course not published, whoever can_view.
// Everyone else sees the version approved last.
bool sees_working_copy(const course_row& c, const actor* who);
// A lesson as this person sees it: for learners of a published course the approved
// video (which may itself still be transcoding) and its length; nullopt for a lesson
// added since approval.
std::optional<lesson_row> seen_by(const lesson_row& l, const course_row& c, const actor* who);
// Reviewers of the course's unit or any unit above it, and site administrators.
bool can_review(const course_row& c, const actor* who);

}  // namespace lifelong::services
