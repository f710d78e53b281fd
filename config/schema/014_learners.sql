-- Active learners of any period without counting distinct people when asked (issue 7,
-- scale). A person learned in a period exactly when one of their learning days falls in it
-- and the learning day before that one (anywhere) falls before the period: there is one
-- such day per person and period. So each unit keeps, for each day, how many of its people
-- learned that day, by the day each of them had last learned before it; the active
-- learners from F to T are the sum over the days F..T of those whose previous day is
-- before F. Written with each person's first report of a day (services/figures_ledger.cpp),
-- to the person's community and every unit above it; a sum, so units add up.
CREATE TABLE unit_day_learners (
  unit_id BIGINT UNSIGNED NOT NULL,
  day DATE NOT NULL,
  previous_day DATE NOT NULL,  -- 1000-01-01 for a first learning day ever
  people INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (unit_id, day, previous_day)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- From the learning days recorded so far, community by community, then level by level.
INSERT INTO unit_day_learners (unit_id, day, previous_day, people)
SELECT d.community_id, d.day, d.previous_day, COUNT(*)
FROM (SELECT community_id, day, COALESCE(LAG(day) OVER (PARTITION BY user_id ORDER BY day, community_id), '1000-01-01') AS previous_day
      FROM learning_days) d
GROUP BY d.community_id, d.day, d.previous_day;

INSERT INTO unit_day_learners (unit_id, day, previous_day, people)
SELECT o.parent_id, f.day, f.previous_day, SUM(f.people) FROM unit_day_learners f JOIN org_units o ON o.id = f.unit_id
WHERE o.level = 'community' AND o.parent_id IS NOT NULL GROUP BY o.parent_id, f.day, f.previous_day
ON DUPLICATE KEY UPDATE people = people + VALUES(people);

INSERT INTO unit_day_learners (unit_id, day, previous_day, people)
SELECT o.parent_id, f.day, f.previous_day, SUM(f.people) FROM unit_day_learners f JOIN org_units o ON o.id = f.unit_id
WHERE o.level = 'street' AND o.parent_id IS NOT NULL GROUP BY o.parent_id, f.day, f.previous_day
ON DUPLICATE KEY UPDATE people = people + VALUES(people);

INSERT INTO unit_day_learners (unit_id, day, previous_day, people)
SELECT o.parent_id, f.day, f.previous_day, SUM(f.people) FROM unit_day_learners f JOIN org_units o ON o.id = f.unit_id
WHERE o.level = 'district' AND o.parent_id IS NOT NULL GROUP BY o.parent_id, f.day, f.previous_day
ON DUPLICATE KEY UPDATE people = people + VALUES(people);
