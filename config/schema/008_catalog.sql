-- The catalog: who a course is meant for, how many people watch it, and which courses
-- a resident finds near home.

-- Learner groups (学习人群): who a course is written for. "audience" already names the
-- units a course is offered to (course_audience_units); these are kinds of people. A
-- fixed list (shared/domain.md), so their names live in the message catalogs
-- (learner_groups.<code>) like every other fixed word of the interface.
CREATE TABLE learner_groups (
  code VARCHAR(32) PRIMARY KEY,
  sort_order INT NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO learner_groups (code, sort_order) VALUES
  ('older_adults', 10),
  ('youth', 20),
  ('workers', 30),
  ('migrant_workers', 40),
  ('farmers', 50),
  ('families', 60),
  ('disabled', 70),
  ('veterans', 80),
  ('everyone', 90);

CREATE TABLE course_learner_groups (
  course_id BIGINT UNSIGNED NOT NULL,
  group_code VARCHAR(32) NOT NULL,
  PRIMARY KEY (course_id, group_code),
  KEY idx_course_groups_group (group_code, course_id),
  CONSTRAINT fk_course_groups_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE,
  CONSTRAINT fk_course_groups_group FOREIGN KEY (group_code) REFERENCES learner_groups (code)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- How many people have started the course (played any of its lessons), kept with the
-- course so "most watched" is an index scan, not a count over every progress row.
-- "Newest" means newly published: a course drafted months ago is new when approved.
ALTER TABLE courses ADD COLUMN learners INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN published_at DATETIME NULL,
  ADD KEY idx_courses_watched (status, learners),
  ADD KEY idx_courses_published (status, published_at),
  ADD KEY idx_courses_category (category_code, status, created_at);

UPDATE courses c SET learners = (SELECT COUNT(DISTINCT p.user_id) FROM lesson_progress p
                                 JOIN lessons l ON l.id = p.lesson_id WHERE l.course_id = c.id);

UPDATE courses SET published_at = updated_at WHERE status = 'published';
