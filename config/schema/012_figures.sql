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

-- What was recorded before this table, first for each community: people under their
-- present home on the day their account was made; enrolments and completions on their
-- day; each course's seconds on the day of its lessons' last reports, and its start on
-- the first of them. bench/stats.sh runs these same statements on a city-sized data set.
INSERT INTO unit_day_figures (unit_id, day, course_id, enrolments)
SELECT u.org_unit_id, DATE(e.enrolled_at + INTERVAL 8 HOUR), e.course_id, COUNT(*)
FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.org_unit_id IS NOT NULL
GROUP BY u.org_unit_id, DATE(e.enrolled_at + INTERVAL 8 HOUR), e.course_id;

INSERT INTO unit_day_figures (unit_id, day, course_id, completions, credits)
SELECT u.org_unit_id, DATE(k.completed_at + INTERVAL 8 HOUR), k.course_id, COUNT(*), SUM(k.credits)
FROM course_completions k JOIN users u ON u.id = k.user_id WHERE u.org_unit_id IS NOT NULL
GROUP BY u.org_unit_id, DATE(k.completed_at + INTERVAL 8 HOUR), k.course_id
ON DUPLICATE KEY UPDATE completions = VALUES(completions), credits = VALUES(credits);

INSERT INTO unit_day_figures (unit_id, day, course_id, seconds)
SELECT u.org_unit_id, DATE(p.updated_at + INTERVAL 8 HOUR), l.course_id, SUM(p.seconds_watched)
FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id JOIN users u ON u.id = p.user_id
WHERE u.org_unit_id IS NOT NULL
GROUP BY u.org_unit_id, DATE(p.updated_at + INTERVAL 8 HOUR), l.course_id
ON DUPLICATE KEY UPDATE seconds = VALUES(seconds);

INSERT INTO unit_day_figures (unit_id, day, course_id, starters)
SELECT u.org_unit_id, s.day, s.course_id, COUNT(*)
FROM (SELECT p.user_id, l.course_id, DATE(MIN(p.updated_at) + INTERVAL 8 HOUR) AS day
      FROM lesson_progress p JOIN lessons l ON l.id = p.lesson_id GROUP BY p.user_id, l.course_id) s
  JOIN users u ON u.id = s.user_id WHERE u.org_unit_id IS NOT NULL
GROUP BY u.org_unit_id, s.day, s.course_id
ON DUPLICATE KEY UPDATE starters = VALUES(starters);

-- All courses together, and the registrations (which belong to no course).
INSERT INTO unit_day_figures (unit_id, day, course_id, starters, enrolments, completions, credits, seconds)
SELECT unit_id, day, 0, SUM(starters), SUM(enrolments), SUM(completions), SUM(credits), SUM(seconds)
FROM unit_day_figures GROUP BY unit_id, day;

INSERT INTO unit_day_figures (unit_id, day, course_id, registrations)
SELECT org_unit_id, DATE(created_at + INTERVAL 8 HOUR), 0, COUNT(*) FROM users WHERE org_unit_id IS NOT NULL
GROUP BY org_unit_id, DATE(created_at + INTERVAL 8 HOUR)
ON DUPLICATE KEY UPDATE registrations = VALUES(registrations);

-- Then each level from the one below it: streets from communities, districts, the city
-- (added to, as accounts made before homes had to be communities may live in a street).
INSERT INTO unit_day_figures (unit_id, day, course_id, registrations, starters, enrolments, completions, credits, seconds)
SELECT o.parent_id, f.day, f.course_id, SUM(f.registrations), SUM(f.starters), SUM(f.enrolments), SUM(f.completions),
  SUM(f.credits), SUM(f.seconds)
FROM unit_day_figures f JOIN org_units o ON o.id = f.unit_id WHERE o.level = 'community' AND o.parent_id IS NOT NULL
GROUP BY o.parent_id, f.day, f.course_id
ON DUPLICATE KEY UPDATE registrations = registrations + VALUES(registrations), starters = starters + VALUES(starters),
  enrolments = enrolments + VALUES(enrolments), completions = completions + VALUES(completions),
  credits = credits + VALUES(credits), seconds = seconds + VALUES(seconds);

INSERT INTO unit_day_figures (unit_id, day, course_id, registrations, starters, enrolments, completions, credits, seconds)
SELECT o.parent_id, f.day, f.course_id, SUM(f.registrations), SUM(f.starters), SUM(f.enrolments), SUM(f.completions),
  SUM(f.credits), SUM(f.seconds)
FROM unit_day_figures f JOIN org_units o ON o.id = f.unit_id WHERE o.level = 'street' AND o.parent_id IS NOT NULL
GROUP BY o.parent_id, f.day, f.course_id
ON DUPLICATE KEY UPDATE registrations = registrations + VALUES(registrations), starters = starters + VALUES(starters),
  enrolments = enrolments + VALUES(enrolments), completions = completions + VALUES(completions),
  credits = credits + VALUES(credits), seconds = seconds + VALUES(seconds);

INSERT INTO unit_day_figures (unit_id, day, course_id, registrations, starters, enrolments, completions, credits, seconds)
SELECT o.parent_id, f.day, f.course_id, SUM(f.registrations), SUM(f.starters), SUM(f.enrolments), SUM(f.completions),
  SUM(f.credits), SUM(f.seconds)
FROM unit_day_figures f JOIN org_units o ON o.id = f.unit_id WHERE o.level = 'district' AND o.parent_id IS NOT NULL
GROUP BY o.parent_id, f.day, f.course_id
ON DUPLICATE KEY UPDATE registrations = registrations + VALUES(registrations), starters = starters + VALUES(starters),
  enrolments = enrolments + VALUES(enrolments), completions = completions + VALUES(completions),
  credits = credits + VALUES(credits), seconds = seconds + VALUES(seconds);
