-- When the person's last progress report for a lesson arrived: new seconds are credited
-- at most as fast as the fastest playback speed allows since then (progress_service).
ALTER TABLE lesson_progress ADD COLUMN reported_at DATETIME(3) NULL;
