-- One slice of the 20,000,000 progress rows (bench/stats.sh runs it for user ids
-- @from..@to): every lesson of every enrolment, reported over five days from the
-- enrolment; whole courses watched for a third of the enrolments, part of each lesson
-- otherwise; then the completions of the whole courses with their credit.
INSERT INTO lesson_progress (user_id, lesson_id, watched, seconds_watched, completed_at, updated_at)
  SELECT w.user_id, w.lesson_id, REPEAT(CHAR(255), w.seconds DIV 8), w.seconds, IF(w.seconds = 600, w.at, NULL), w.at
  FROM (SELECT e.user_id, l.id AS lesson_id,
               IF((e.user_id + e.course_id) MOD 3 = 0, 600, (e.user_id * 31 + l.position * 17) MOD 600) AS seconds,
               e.enrolled_at + INTERVAL ((l.position - 1) DIV 4) DAY AS at
        FROM enrolments e JOIN lessons l ON l.course_id = e.course_id WHERE e.user_id BETWEEN @from AND @to) w;
INSERT INTO course_completions (user_id, course_id, credits, completed_at, verification_code)
  SELECT user_id, course_id, 1.0, enrolled_at + INTERVAL 4 DAY,
    CONCAT(LPAD(CONV(user_id, 10, 32), 8, '0'), LPAD(CONV(course_id, 10, 32), 8, '0'))
  FROM enrolments WHERE (user_id + course_id) MOD 3 = 0 AND user_id BETWEEN @from AND @to;
