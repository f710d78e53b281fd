-- Changes to a published course wait for review while learners keep the approved
-- version (issue 15, item 7). A published course has pending changes exactly when it
-- has a row here: the details the teacher wrote since approval, and whether they are
-- submitted. Lessons added since approval and videos replaced since approval are told
-- by the lessons' own columns below.
CREATE TABLE course_revisions (
  course_id BIGINT UNSIGNED PRIMARY KEY,
  title VARCHAR(200) NOT NULL,
  summary TEXT NOT NULL,
  category_code VARCHAR(32) NOT NULL,
  credits DECIMAL(4,1) NOT NULL,
  learner_groups VARCHAR(1000) NOT NULL DEFAULT '',  -- codes, comma separated
  status ENUM('editing','submitted') NOT NULL DEFAULT 'editing',
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  KEY idx_revisions_status (status, updated_at),
  CONSTRAINT fk_revision_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE,
  CONSTRAINT fk_revision_category FOREIGN KEY (category_code) REFERENCES categories (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- What learners of a published course see of a lesson: the media version approved last
-- (0: none yet, a lesson added since approval) and its length. media_version and
-- duration_ms stay the working copy that the teacher uploads and the transcoder writes.
-- versions_made only grows, so a version number is never used twice (a discarded
-- revision puts media_version back to the approved one).
ALTER TABLE lessons
  ADD COLUMN published_version INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN published_duration_ms INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN versions_made INT UNSIGNED NOT NULL DEFAULT 0;

UPDATE lessons SET versions_made = media_version;
-- Every lesson of a published course was approved as it is now (a video re-uploaded
-- before this migration included: the transcoder fills in its length when it is done).
UPDATE lessons l JOIN courses c ON c.id = l.course_id
  SET l.published_version = l.media_version, l.published_duration_ms = l.duration_ms
  WHERE c.status IN ('published', 'archived') AND l.media_version > 0;

ALTER TABLE course_reviews MODIFY action
  ENUM('submitted','approved','returned','withdrawn','archived',
       'changes_submitted','changes_approved','changes_returned','changes_discarded') NOT NULL;
