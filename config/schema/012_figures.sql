-- Running sums for the area figures, so a whole city's dashboard reads a few thousand rows
-- instead of millions (issue 7, scale). A row is what happened on one China day to people
-- whose home is in the unit (a community, or any unit above it: each event is added to
-- the person's community and to every unit above it), in one course (course_id 0: all
-- courses together).
--
-- Why the sums stay right: every event adds to its rows in the same transaction that
-- records it (services/figures_ledger.cpp), so a rolled-back event adds nothing and a
-- committed one is counted once. Events are facts of their day: leaving a course later
-- does not undo the enrolment; moving home is itself an event (-1 registered where the
-- person lived, +1 where they live now), so "registered at the end of a period" is the
-- sum of registrations up to that day. Units never change parent, so a unit's row is
-- always the sum of its children's rows.
CREATE TABLE unit_day_figures (
  unit_id BIGINT UNSIGNED NOT NULL,
  day DATE NOT NULL,
  course_id BIGINT UNSIGNED NOT NULL,
  registrations INT NOT NULL DEFAULT 0,           -- people who came to live here (less those who left)
  starters INT UNSIGNED NOT NULL DEFAULT 0,       -- people who played a course's first second
  enrolments INT UNSIGNED NOT NULL DEFAULT 0,
  completions INT UNSIGNED NOT NULL DEFAULT 0,
  credits DECIMAL(14,1) NOT NULL DEFAULT 0,
  seconds BIGINT UNSIGNED NOT NULL DEFAULT 0,     -- distinct seconds of lessons newly played
  -- One unit's all-courses figures over days is a range of the primary key; one unit's
  -- courses in a period, of the second key.
  PRIMARY KEY (unit_id, course_id, day),
  KEY idx_unit_day_figures_day (unit_id, day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Each unit and the units above it, itself included: the rows an event is added to.
CREATE VIEW unit_chain AS
  SELECT id AS unit_id, id AS ancestor_id FROM org_units
  UNION ALL SELECT u.id, u.parent_id FROM org_units u WHERE u.parent_id IS NOT NULL
  UNION ALL SELECT u.id, p.parent_id FROM org_units u JOIN org_units p ON p.id = u.parent_id
    WHERE p.parent_id IS NOT NULL
  UNION ALL SELECT u.id, g.parent_id FROM org_units u JOIN org_units p ON p.id = u.parent_id
    JOIN org_units g ON g.id = p.parent_id WHERE g.parent_id IS NOT NULL;

-- What was recorded before this table: people under their present home on the day their
-- account was made; enrolments and completions on their day; each course's seconds on the
-- day of its lessons' last reports, and its start on the first of them.
INSERT INTO unit_day_figures (unit_id, day, course_id, registrations)
SELECT ch.ancestor_id, DATE(u.created_at + INTERVAL 8 HOUR), 0, COUNT(*)
FROM users u JOIN unit_chain ch ON ch.unit_id = u.org_unit_id
GROUP BY ch.ancestor_id, DATE(u.created_at + INTERVAL 8 HOUR);

INSERT INTO unit_day_figures (unit_id, day, course_id, enrolments)
SELECT ch.ancestor_id, DATE(e.enrolled_at + INTERVAL 8 HOUR), c.course_id, COUNT(*)
FROM enrolments e JOIN users u ON u.id = e.user_id JOIN unit_chain ch ON ch.unit_id = u.org_unit_id
  JOIN (SELECT id AS course_id FROM courses UNION ALL SELECT 0) c ON c.course_id IN (0, e.course_id)
GROUP BY ch.ancestor_id, DATE(e.enrolled_at + INTERVAL 8 HOUR), c.course_id
ON DUPLICATE KEY UPDATE enrolments = enrolments + VALUES(enrolments);

INSERT INTO unit_day_figures (unit_id, day, course_id, completions, credits)
SELECT ch.ancestor_id, DATE(k.completed_at + INTERVAL 8 HOUR), c.course_id, COUNT(*), SUM(k.credits)
FROM course_completions k JOIN users u ON u.id = k.user_id JOIN unit_chain ch ON ch.unit_id = u.org_unit_id
  JOIN (SELECT id AS course_id FROM courses UNION ALL SELECT 0) c ON c.course_id IN (0, k.course_id)
GROUP BY ch.ancestor_id, DATE(k.completed_at + INTERVAL 8 HOUR), c.course_id
ON DUPLICATE KEY UPDATE completions = completions + VALUES(completions), credits = credits + VALUES(credits);

INSERT INTO unit_day_figures (unit_id, day, course_id, seconds)
SELECT ch.ancestor_id, DATE(p.updated_at + INTERVAL 8 HOUR), c.course_id, SUM(p.seconds_watched)
FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id JOIN users u ON u.id = p.user_id
  JOIN unit_chain ch ON ch.unit_id = u.org_unit_id
  JOIN (SELECT id AS course_id FROM courses UNION ALL SELECT 0) c ON c.course_id IN (0, l.course_id)
GROUP BY ch.ancestor_id, DATE(p.updated_at + INTERVAL 8 HOUR), c.course_id
ON DUPLICATE KEY UPDATE seconds = seconds + VALUES(seconds);

INSERT INTO unit_day_figures (unit_id, day, course_id, starters)
SELECT ch.ancestor_id, s.day, c.course_id, COUNT(*)
FROM (SELECT p.user_id, l.course_id, DATE(MIN(p.updated_at) + INTERVAL 8 HOUR) AS day
      FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id GROUP BY p.user_id, l.course_id) s
  JOIN users u ON u.id = s.user_id JOIN unit_chain ch ON ch.unit_id = u.org_unit_id
  JOIN (SELECT id AS course_id FROM courses UNION ALL SELECT 0) c ON c.course_id IN (0, s.course_id)
GROUP BY ch.ancestor_id, s.day, c.course_id
ON DUPLICATE KEY UPDATE starters = starters + VALUES(starters);
