-- xAPI statements waiting for (or already given to) the credit bank's LRS, in the order
-- they happened. Written in the same transaction as the learning they describe.
CREATE TABLE xapi_outbox (
  id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,
  statement_id CHAR(36) NOT NULL,
  statement LONGTEXT NOT NULL,
  created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
  attempts INT UNSIGNED NOT NULL DEFAULT 0,
  last_error VARCHAR(255) NULL,
  sent_at DATETIME NULL,
  UNIQUE KEY uq_outbox_statement (statement_id),
  KEY idx_outbox_waiting (sent_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
