-- Courses a person keeps for later (收藏, issue 21): one row per person and course, newest
-- first on "我的收藏". A course that stops being offered to the person stays here, unseen,
-- and shows again if it comes back.
CREATE TABLE favourites (
  user_id BIGINT UNSIGNED NOT NULL,
  course_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  PRIMARY KEY (user_id, course_id),
  KEY idx_favourites_course (course_id),
  CONSTRAINT fk_favourite_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_favourite_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
