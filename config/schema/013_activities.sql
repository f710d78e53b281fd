-- Offline classes and events (线下活动): held by a unit of any level, recorded by its
-- administrators with the number of people who came, so the area figures cover them.
-- Residents of the unit's area sign up online for the places offered.
CREATE TABLE offline_activities (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  unit_id BIGINT UNSIGNED NOT NULL,
  category_code VARCHAR(32) NOT NULL,
  title VARCHAR(200) NOT NULL,
  place VARCHAR(200) NOT NULL,
  starts_at DATETIME NOT NULL,               -- UTC
  capacity INT UNSIGNED NOT NULL,            -- places for online sign-up
  signups INT UNSIGNED NOT NULL DEFAULT 0,   -- kept with the row so a full class is one locked read
  participants INT UNSIGNED NULL,            -- how many came, recorded afterwards
  created_by BIGINT UNSIGNED NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  KEY idx_activities_unit (unit_id, starts_at),
  KEY idx_activities_time (starts_at),
  CONSTRAINT fk_activity_unit FOREIGN KEY (unit_id) REFERENCES org_units (id),
  CONSTRAINT fk_activity_category FOREIGN KEY (category_code) REFERENCES categories (code),
  CONSTRAINT fk_activity_creator FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE activity_signups (
  activity_id BIGINT UNSIGNED NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  signed_up_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (activity_id, user_id),
  KEY idx_signups_user (user_id),
  CONSTRAINT fk_signup_activity FOREIGN KEY (activity_id) REFERENCES offline_activities (id) ON DELETE CASCADE,
  CONSTRAINT fk_signup_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
