-- The credit clock of a person's course: watched seconds are credited no faster than the
-- fastest playback speed allows since this moment, which moves on by what each report
-- was credited (progress_service, pace_rules). NULL: nothing credited yet.
ALTER TABLE enrolments ADD COLUMN credit_clock DATETIME(6) NULL;
