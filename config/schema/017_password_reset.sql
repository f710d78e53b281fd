-- A password community staff set for a resident at the desk is temporary: the person is
-- asked for their own at the next sign-in, and the flag clears when they give it.
ALTER TABLE users ADD COLUMN must_change_password BOOLEAN NOT NULL DEFAULT FALSE;
