-- A password community staff set for a resident at the desk is temporary: it works until
-- this time (UTC), the person is asked for their own at the next sign-in, and giving it
-- clears this.
ALTER TABLE users ADD COLUMN temporary_password_until DATETIME NULL;
