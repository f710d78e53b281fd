-- Resumable (tus) uploads: the row is the upload's identity and owner; its bytes live in
-- the upload folder as <token>.tus, and the stored offset is that file's size, so
-- whatever reached the disk before a crash counts.
CREATE TABLE uploads (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  token CHAR(43) NOT NULL,
  user_id BIGINT UNSIGNED NOT NULL,
  lesson_id BIGINT UNSIGNED NOT NULL,
  length BIGINT UNSIGNED NOT NULL,
  filename VARCHAR(255) NOT NULL DEFAULT '',
  filetype VARCHAR(100) NOT NULL DEFAULT '',
  metadata VARCHAR(2000) NOT NULL DEFAULT '',
  completed_at DATETIME NULL,
  expires_at DATETIME NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  UNIQUE KEY uq_uploads_token (token),
  KEY idx_uploads_user (user_id, completed_at),
  KEY idx_uploads_expiry (expires_at),
  CONSTRAINT fk_uploads_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT fk_uploads_lesson FOREIGN KEY (lesson_id) REFERENCES lessons (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The size of the source a lesson keeps, counted against its teacher's quota.
ALTER TABLE lessons ADD COLUMN source_bytes BIGINT UNSIGNED NOT NULL DEFAULT 0 AFTER media_version;

-- Captions per lesson and language, stored as WebVTT in the media folder under a name
-- made from their content's digest, so a URL always means the same bytes.
CREATE TABLE lesson_captions (
  lesson_id BIGINT UNSIGNED NOT NULL,
  lang VARCHAR(16) NOT NULL,
  label VARCHAR(64) NOT NULL,
  digest CHAR(16) NOT NULL,
  updated_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
  PRIMARY KEY (lesson_id, lang),
  CONSTRAINT fk_captions_lesson FOREIGN KEY (lesson_id) REFERENCES lessons (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
