-- Administrators edit and cancel upcoming classes, and record past ones in one step
-- (issue 20). A cancelled class keeps its row and its sign-ups, so the people who signed
-- up see that it was cancelled; it no longer counts in the figures. changed_at: when its
-- time, place or title last changed after it was announced.
ALTER TABLE offline_activities
  ADD COLUMN cancelled_at DATETIME NULL,
  ADD COLUMN changed_at DATETIME NULL;
