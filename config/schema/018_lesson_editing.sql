-- Teachers rename, reorder and delete lessons, and take back a submission (issue 20).
-- A lesson of a published course renamed since approval keeps its approved title in
-- `title` (what learners, search and records read) and the new one here until a
-- reviewer approves the changes; NULL: no new title.
ALTER TABLE lessons ADD COLUMN draft_title VARCHAR(200) NULL;

ALTER TABLE course_reviews MODIFY action
  ENUM('submitted','approved','returned','withdrawn','archived',
       'changes_submitted','changes_approved','changes_returned','changes_discarded',
       'recalled','changes_recalled') NOT NULL;
