-- A city of 2,000,000 residents for bench/stats.sh, made by SQL alone (MariaDB's SEQUENCE
-- engine), the same every run: 10 districts × 10 streets × 10 communities of 2,000
-- residents each, accounts made over the last 1,000 days; 2,000 published courses of 20
-- ten-minute lessons, popular ones far more watched than the rest; every fourth resident
-- enrolled in two courses (1,000,000 enrolments) within the past year, with a progress row
-- for each of the course's 20 lessons (20,000,000 rows) reported over five days from
-- enrolment; a third of them completed with their credit.
INSERT INTO org_units (parent_id, level, name, population) VALUES (NULL, 'city', '基准市', 2000000);
SET @city = LAST_INSERT_ID();
INSERT INTO org_units (parent_id, level, name, population)
  SELECT @city, 'district', CONCAT('第', seq, '区'), 200000 FROM seq_1_to_10;
INSERT INTO org_units (parent_id, level, name, population)
  SELECT d.id, 'street', CONCAT(d.name, '第', s.seq, '街道'), 20000 FROM org_units d JOIN seq_1_to_10 s WHERE d.parent_id = @city;
INSERT INTO org_units (parent_id, level, name, population)
  SELECT t.id, 'community', CONCAT(t.name, '第', s.seq, '社区'), 2000 FROM org_units t JOIN org_units d ON d.id = t.parent_id
  JOIN seq_1_to_10 s WHERE d.parent_id = @city;
CREATE TEMPORARY TABLE bench_communities (n INT PRIMARY KEY, id BIGINT UNSIGNED NOT NULL)
  SELECT ROW_NUMBER() OVER (ORDER BY c.id) - 1 AS n, c.id FROM org_units c JOIN org_units t ON t.id = c.parent_id
  JOIN org_units d ON d.id = t.parent_id WHERE d.parent_id = @city;

INSERT INTO users (username, display_name, password_hash, org_unit_id, created_at)
  SELECT CONCAT('resident', s.seq), '居民', '!', c.id, UTC_TIMESTAMP() - INTERVAL (s.seq MOD 1000) DAY - INTERVAL (s.seq MOD 86400) SECOND
  FROM seq_1_to_2000000 s JOIN bench_communities c ON c.n = s.seq MOD 1000 WHERE s.seq <= 1000000;
INSERT INTO users (username, display_name, password_hash, org_unit_id, created_at)
  SELECT CONCAT('resident', s.seq), '居民', '!', c.id, UTC_TIMESTAMP() - INTERVAL (s.seq MOD 1000) DAY - INTERVAL (s.seq MOD 86400) SECOND
  FROM seq_1_to_2000000 s JOIN bench_communities c ON c.n = s.seq MOD 1000 WHERE s.seq > 1000000;

INSERT INTO users (username, display_name, password_hash) VALUES ('bench_stats_teacher', '基准老师', '!');
SET @teacher = LAST_INSERT_ID();
CREATE TEMPORARY TABLE bench_categories (n INT PRIMARY KEY, code VARCHAR(32))
  SELECT ROW_NUMBER() OVER (ORDER BY sort_order, code) - 1 AS n, code FROM categories;
SET @categories = (SELECT COUNT(*) FROM bench_categories);
INSERT INTO courses (title, summary, category_code, teacher_id, status, published_at, credits, created_at)
  SELECT CONCAT('基准课程', s.seq), '基准数据', k.code, @teacher, 'published', UTC_TIMESTAMP() - INTERVAL 400 DAY, 1.0,
    UTC_TIMESTAMP() - INTERVAL 400 DAY
  FROM seq_1_to_2000 s JOIN bench_categories k ON k.n = s.seq MOD @categories;
SET @first_course = (SELECT MIN(id) FROM courses WHERE teacher_id = @teacher);
INSERT INTO lessons (course_id, position, title, status, duration_ms, media_version, published_version, published_duration_ms)
  SELECT c.id, s.seq, CONCAT('第', s.seq, '课'), 'ready', 600000, 1, 1, 600000 FROM courses c JOIN seq_1_to_20 s WHERE c.teacher_id = @teacher;
CREATE TEMPORARY TABLE bench_groups (n INT PRIMARY KEY, code VARCHAR(32))
  SELECT ROW_NUMBER() OVER (ORDER BY sort_order) - 1 AS n, code FROM learner_groups;
INSERT INTO course_learner_groups (course_id, group_code)
  SELECT c.id, g.code FROM courses c JOIN bench_groups g ON g.n = c.id MOD 9 OR g.n = (c.id * 7) MOD 9
  WHERE c.teacher_id = @teacher;

-- Two different courses each; the first one skewed towards the first courses (squared).
CREATE TEMPORARY TABLE bench_learners (user_id BIGINT UNSIGNED PRIMARY KEY, first_course INT NOT NULL)
  SELECT id AS user_id, FLOOR(POW(((id * 2654435761) MOD 10007) / 10007, 2) * 2000) AS first_course
  FROM users WHERE username LIKE 'resident%' AND id MOD 4 = 0;
INSERT INTO enrolments (user_id, course_id, enrolled_at)
  SELECT b.user_id, @first_course + IF(k.seq = 1, b.first_course, (b.first_course + 1 + b.user_id MOD 1999) MOD 2000),
    UTC_TIMESTAMP() - INTERVAL 5 DAY - INTERVAL ((b.user_id * 7 + k.seq * 101) MOD 360) DAY - INTERVAL (b.user_id MOD 86400) SECOND
  FROM bench_learners b JOIN seq_1_to_2 k;
