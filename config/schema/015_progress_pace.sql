-- The credit clock of a person's course: watched seconds are credited no faster than the
-- fastest playback speed allows since this moment, which moves on by what each report
-- was credited (progress_service, pace_rules). Kept apart from enrolments, so leaving a
-- course and coming back does not start a new clock. No row: nothing credited yet.
CREATE TABLE course_credit_clocks (
  user_id BIGINT UNSIGNED NOT NULL,
  course_id BIGINT UNSIGNED NOT NULL,
  credit_clock DATETIME(6) NOT NULL,
  PRIMARY KEY (user_id, course_id),
  CONSTRAINT fk_credit_clock_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_credit_clock_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
