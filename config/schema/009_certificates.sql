-- Each completed course has a certificate; its verification code lets anyone check it
-- at /verify. 16 characters of Crockford's base32 (80 random bits): unguessable, and
-- readable over the phone (no I, L, O or U). Completions made before this migration get
-- their code when their certificate is first opened.
ALTER TABLE course_completions ADD COLUMN verification_code CHAR(16) NULL,
  ADD UNIQUE KEY uq_completions_code (verification_code);
