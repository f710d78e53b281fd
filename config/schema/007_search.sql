-- The catalog's n-gram index (see server/services/search_terms.hpp): one row per distinct
-- term of a course's title, summary and lesson titles, weighted by where it occurs.
-- Binary collation: terms are matched exactly, never folded across characters.
CREATE TABLE course_terms (
  term VARCHAR(32) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  course_id BIGINT UNSIGNED NOT NULL,
  weight SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (term, course_id),
  KEY idx_terms_course (course_id),
  CONSTRAINT fk_terms_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
