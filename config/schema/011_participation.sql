-- Participation figures by area. One row per person and day they learned (China time),
-- under the community that was their home that day, with the seconds newly played (each
-- second of a lesson counts once, as in lesson_progress). Written in the transaction of
-- the progress report, so an area's active learners and hours for any period come from
-- this table alone. Activity before this table existed is carried over from the last
-- report of each lesson (its day and all its seconds).
CREATE TABLE learning_days (
  community_id BIGINT UNSIGNED NOT NULL,
  day DATE NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  seconds INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (community_id, day, user_id),
  KEY idx_learning_days_user (user_id, day),
  -- No key to org_units: a community removed later keeps its past out of the figures, not
  -- its removal blocked.
  CONSTRAINT fk_learning_days_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

INSERT INTO learning_days (community_id, day, user_id, seconds)
SELECT u.org_unit_id, DATE(p.updated_at + INTERVAL 8 HOUR), p.user_id, SUM(p.seconds_watched)
FROM lesson_progress p JOIN users u ON u.id = p.user_id
WHERE u.org_unit_id IS NOT NULL
GROUP BY u.org_unit_id, DATE(p.updated_at + INTERVAL 8 HOUR), p.user_id;
