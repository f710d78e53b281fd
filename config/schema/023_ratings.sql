-- Ratings and comments (评价, issue 21): one per person and course, changeable. The stars
-- always count; the comment shows once it is 'shown' (a comment with a held word waits
-- for a reviewer as 'held'; a reviewer may hide one with a reason). home_unit_id is the
-- rater's community when they rated, for satisfaction by area.
CREATE TABLE course_ratings (
  user_id BIGINT UNSIGNED NOT NULL,
  course_id BIGINT UNSIGNED NOT NULL,
  stars TINYINT UNSIGNED NOT NULL,
  comment VARCHAR(500) NOT NULL DEFAULT '',
  comment_state ENUM('shown', 'held', 'hidden') NOT NULL DEFAULT 'shown',
  hidden_reason VARCHAR(200) NOT NULL DEFAULT '',
  reply VARCHAR(500) NOT NULL DEFAULT '',
  replied_at DATETIME NULL,
  home_unit_id BIGINT UNSIGNED NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (user_id, course_id),
  KEY idx_ratings_course (course_id, updated_at),
  KEY idx_ratings_person_time (user_id, updated_at),
  KEY idx_ratings_home_time (home_unit_id, updated_at),  -- satisfaction by area and period
  CONSTRAINT chk_rating_stars CHECK (stars BETWEEN 1 AND 5),
  CONSTRAINT fk_rating_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_rating_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Every hold, hide and release of a comment, with who and why.
CREATE TABLE comment_moderation (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  course_id BIGINT UNSIGNED NOT NULL,
  author_id BIGINT UNSIGNED NOT NULL,
  action ENUM('held', 'hidden', 'shown') NOT NULL,
  reason VARCHAR(200) NOT NULL DEFAULT '',
  actor_id BIGINT UNSIGNED NULL,  -- NULL: held by the word list
  at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY idx_moderation_course (course_id, at),
  CONSTRAINT fk_moderation_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The catalog's average and count, kept with each rating in the same transaction.
ALTER TABLE courses
  ADD COLUMN rating_count INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN rating_sum INT UNSIGNED NOT NULL DEFAULT 0;

-- Each rating or comment written, for the bound on how many one person writes an hour
-- (rating_service.cpp prunes a person's rows older than the hour as they write).
CREATE TABLE rating_writes (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY idx_rating_writes (user_id, at),
  CONSTRAINT fk_rating_write_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB;
