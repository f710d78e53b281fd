-- People and the organisation: community staff, learning cards, and courses offered to
-- chosen units only.

-- Community staff (社区工作人员) set up accounts and learning cards in their area.
ALTER TABLE user_roles MODIFY role ENUM('teacher','reviewer','staff','site_admin') NOT NULL;

-- Accounts made for older residents start in the simplified pages.
ALTER TABLE users ADD COLUMN simplified BOOLEAN NOT NULL DEFAULT FALSE;

-- A printed card signs its holder in as a learner. Only the SHA-256 of the card's secret
-- is kept, so a copy of the database cannot print new cards. At most one card per person
-- is live: re-issuing revokes the old one.
CREATE TABLE learning_cards (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  user_id BIGINT UNSIGNED NOT NULL,
  secret_sha256 CHAR(64) NOT NULL,
  issued_by BIGINT UNSIGNED NOT NULL,
  issued_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  revoked_at DATETIME NULL,
  UNIQUE KEY uq_cards_secret (secret_sha256),
  KEY idx_cards_user (user_id),
  CONSTRAINT fk_cards_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_cards_issuer FOREIGN KEY (issued_by) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- A course with no rows here is offered to the whole city; otherwise only to residents
-- whose home lies in one of these units' subtrees.
CREATE TABLE course_audience_units (
  course_id BIGINT UNSIGNED NOT NULL,
  org_unit_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (course_id, org_unit_id),
  CONSTRAINT fk_audience_course FOREIGN KEY (course_id) REFERENCES courses (id) ON DELETE CASCADE,
  CONSTRAINT fk_audience_unit FOREIGN KEY (org_unit_id) REFERENCES org_units (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
