-- 站内消息 (issue 21). What concerns one person (their course approved or returned, a
-- lesson that failed to transcode, a nudge to go on with a course left for a week) is a
-- row of `messages`. News for an area (a new course offered there, a new offline class)
-- is one row of `announcements`, seen by everyone it is for: a city-wide course is one
-- row, not one per resident. A person's messages are unread when newer than the last
-- time they opened them (users.messages_seen_at).
CREATE TABLE messages (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  kind ENUM('approved','returned','changes_approved','changes_returned','lesson_failed','continue') NOT NULL,
  course_id BIGINT UNSIGNED NOT NULL,
  lesson_id BIGINT UNSIGNED NULL,
  note VARCHAR(4000) NULL,      -- the reviewer's comment; the transcoder's failure code
  once_key VARCHAR(100) NULL,   -- what a message is sent once for ("lesson_failed:7:3")
  mail_pending BOOLEAN NOT NULL DEFAULT TRUE,  -- not yet looked at by the mail step
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_messages_once (once_key),
  KEY idx_messages_person (user_id, created_at),
  KEY idx_messages_mail (mail_pending, created_at),
  CONSTRAINT fk_message_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_message_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE,
  CONSTRAINT fk_message_lesson FOREIGN KEY (lesson_id) REFERENCES lessons (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A new course is for those it is offered to (course_audience_units, read when shown);
-- a new class for those living under its unit.
CREATE TABLE announcements (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  kind ENUM('new_course','new_class') NOT NULL,
  course_id BIGINT UNSIGNED NULL,
  activity_id BIGINT UNSIGNED NULL,
  unit_id BIGINT UNSIGNED NULL,
  once_key VARCHAR(100) NULL,   -- a course is announced once, however often it is republished
  mail_pending BOOLEAN NOT NULL DEFAULT TRUE,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  UNIQUE KEY uq_announcements_once (once_key),
  KEY idx_announcements_time (created_at),
  KEY idx_announcements_mail (mail_pending, created_at),
  CONSTRAINT fk_announcement_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE,
  CONSTRAINT fk_announcement_activity FOREIGN KEY (activity_id) REFERENCES offline_activities (id) ON DELETE CASCADE,
  CONSTRAINT fk_announcement_unit FOREIGN KEY (unit_id) REFERENCES org_units (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- continue_nudges: "go on with your course" messages (on unless turned off); by mail
-- only when asked for, to a confirmed address. last_nudge_at keeps them to one a week.
ALTER TABLE users
  ADD COLUMN messages_seen_at DATETIME(3) NULL,
  ADD COLUMN continue_nudges BOOLEAN NOT NULL DEFAULT TRUE,
  ADD COLUMN messages_by_mail BOOLEAN NOT NULL DEFAULT FALSE,
  ADD COLUMN last_nudge_at DATETIME NULL;

-- The hourly nudge looks only at the last fortnight's learning.
ALTER TABLE lesson_progress ADD KEY idx_progress_time (updated_at);
