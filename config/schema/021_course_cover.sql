-- A course's own cover image (issue 20), resized by ffmpeg into 320, 640 and 1280 px wide
-- JPEGs named by a random 16-character stem under media/covers/<course>/. NULL: the first
-- lesson's poster stands in. A published course's new cover waits for review in
-- draft_cover_image, like its other changes (course_changes.hpp).
ALTER TABLE courses
  ADD COLUMN cover_image CHAR(16) NULL,
  ADD COLUMN draft_cover_image CHAR(16) NULL;
