#!/usr/bin/env bash
# Area figures at city scale (issue 7). Makes a city of 2,000,000 residents with 1,000,000
# enrolments and 20,000,000 lesson progress rows in a separate database
# (lifelong_stats_bench, on the MariaDB that scripts/run started; once, kept for later
# runs), fills the running sums and learning days with the back-fill statements of
# migrations 011 and 012 themselves, starts a second server on 127.0.0.1:18096 reading it,
# and times a site administrator's whole-city dashboard (API and page), a whole year by
# month, and one district: median and slowest of RUNS requests each. The reference,
# measured in the same run, is the same period's main figures counted straight from the
# source tables (what the dashboard would cost without the running sums).
#   bench/stats.sh [RUNS=5]          (LIFELONG_BUILD=build-test: the test build's binaries)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
runs=${1:-5}
bin=${LIFELONG_BUILD:-build}
[ -x "$bin/tools/lifelong-admin" ] && [ -f var/secrets/mysql-root-password ] || die "start the portal first: scripts/run"

db=lifelong_stats_bench
root_pw=$(secret mysql-root-password)
export LIFELONG_MYSQL_PORT=${LIFELONG_RUN_MYSQL_PORT:-3307} LIFELONG_MYSQL_PASSWORD=$(secret mysql-password)
export LIFELONG_REDIS_PORT=${LIFELONG_RUN_REDIS_PORT:-6380} LIFELONG_REDIS_PASSWORD=$(secret redis-password)
export LIFELONG_MYSQL_DATABASE=$db LIFELONG_SERVER_PORT=18096 LIFELONG_MEDIA_DIR="$ROOT/var/bench-media"
ensure_database var/mysql "$root_pw" "$db" "$LIFELONG_MYSQL_PASSWORD"
"$bin/tools/lifelong-admin" migrate >/dev/null
sql() { mariadb --no-defaults --socket=var/mysql/run/mysqld.sock -uroot -p"$root_pw" --database="$db" --batch --skip-column-names; }
timed() {  # timed LABEL: runs stdin as SQL and says how long it took
  local start=$SECONDS
  sql >/dev/null
  log "$1: $((SECONDS - start)) s"
}

# A city-sized database wants more than the 256 MB the development MariaDB starts with.
sql <<<"SET GLOBAL innodb_buffer_pool_size = 4294967296"
if [ "$(sql <<<"SELECT COUNT(*) FROM org_units WHERE name = '基准市'")" = 0 ]; then
  log "making the city (once; about half an hour on 2 cores)"
  timed "units, 2,000,000 residents, courses and 1,000,000 enrolments" < bench/stats_city.sql
  read -r lo hi <<<"$(sql <<<"SELECT MIN(user_id), MAX(user_id) FROM enrolments")"
  step=$(( (hi - lo) / 20 + 1 ))
  for ((from = lo; from <= hi; from += step)); do
    { echo "SET @from = $from, @to = $((from + step - 1));"; cat bench/stats_progress.sql; } |
      timed "progress rows of users $from..$((from + step - 1))"
  done
  { echo "TRUNCATE learning_days;"; sed -n '/^INSERT INTO learning_days/,$p' config/schema/011_participation.sql; } |
    timed "learning days (the back-fill of migration 011)"
  { echo "TRUNCATE unit_day_figures;"; sed -n '/^INSERT INTO/,$p' config/schema/012_figures.sql; } |
    timed "running sums (the back-fill of migration 012)"
fi
# Ratings came later (issue 21): a city made before them gets them once.
if [ "$(sql <<<"SELECT COUNT(*) FROM course_ratings")" = 0 ]; then
  timed "ratings of half the learners" < bench/stats_ratings.sql
fi
sql <<'SQL'
SELECT CONCAT((SELECT COUNT(*) FROM users WHERE org_unit_id IS NOT NULL), ' residents, ',
  (SELECT COUNT(*) FROM enrolments), ' enrolments, ', (SELECT COUNT(*) FROM lesson_progress), ' progress rows, ',
  (SELECT COUNT(*) FROM learning_days), ' learning days, ', (SELECT COUNT(*) FROM unit_day_figures), ' rows of running sums, ',
  (SELECT COUNT(*) FROM course_ratings), ' ratings');
SQL
city=$(sql <<<"SELECT id FROM org_units WHERE name = '基准市' AND parent_id IS NULL")
district=$(sql <<<"SELECT MIN(id) FROM org_units WHERE parent_id = $city")
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
sql <<<"DELETE r FROM user_roles r JOIN users u ON u.id = r.user_id WHERE u.username = 'bench_stats_admin';
        DELETE FROM users WHERE username = 'bench_stats_admin';"
"$bin/tools/lifelong-admin" create-admin bench_stats_admin 基准管理员 <<<"$password" >/dev/null

mkdir -p var/bench-media var/log
"$bin/server/lifelong-server" >>var/log/bench-stats-server.log 2>&1 &
server=$!
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
url="http://127.0.0.1:18096"
wait_http "$url/readyz" 30 || die "the bench server did not start (var/log/bench-stats-server.log)"
curl -fsS -c "$work/cookies" -H 'Content-Type: application/json' \
  -d "{\"username\":\"bench_stats_admin\",\"password\":\"$password\"}" "$url/api/v1/session" >/dev/null

median_ms() {  # median_ms PATH: "median slowest" of RUNS requests, in ms
  local i
  for ((i = 0; i < runs; i++)); do
    curl -fsS -b "$work/cookies" -o /dev/null -w '%{time_total}\n' "$url$1"
  done | sort -n | awk '{t[NR] = $1 * 1000} END {printf "%.0f %.0f", t[int((NR + 1) / 2)], t[NR]}'
}
today=$(TZ=Asia/Shanghai date +%F)
year_ago=$(TZ=Asia/Shanghai date -d "$today -364 days" +%F)
month_ago=$(TZ=Asia/Shanghai date -d "$today -29 days" +%F)
curl -fsS -b "$work/cookies" "$url/api/v1/stats/units/$city" |
  python3 -c 'import json,sys; t=json.load(sys.stdin)["total"]; print("whole city, last 30 days:", {k: t[k] for k in ("registered","active","participation_rate","enrolments","completions","hours","ratings","rating_average","satisfied_share")})'

# The reference: the period's registered residents, learners, enrolments, completions and
# seconds per district, counted from the source tables.
reference_ms() {
  local start end i times=()
  for ((i = 0; i < runs; i++)); do
    start=$(date +%s%N)
    sql >/dev/null <<SQL
SELECT d.id,
  (SELECT COUNT(*) FROM users u JOIN org_units c ON c.id = u.org_unit_id JOIN org_units t ON t.id = c.parent_id
     WHERE t.parent_id = d.id AND u.created_at < '$today' + INTERVAL 16 HOUR),
  (SELECT COUNT(DISTINCT p.user_id) FROM lesson_progress p JOIN users u ON u.id = p.user_id JOIN org_units c ON c.id = u.org_unit_id
     JOIN org_units t ON t.id = c.parent_id WHERE t.parent_id = d.id AND p.updated_at >= '$month_ago' - INTERVAL 8 HOUR),
  (SELECT SUM(p.seconds_watched) FROM lesson_progress p JOIN users u ON u.id = p.user_id JOIN org_units c ON c.id = u.org_unit_id
     JOIN org_units t ON t.id = c.parent_id WHERE t.parent_id = d.id AND p.updated_at >= '$month_ago' - INTERVAL 8 HOUR),
  (SELECT COUNT(*) FROM enrolments e JOIN users u ON u.id = e.user_id JOIN org_units c ON c.id = u.org_unit_id
     JOIN org_units t ON t.id = c.parent_id WHERE t.parent_id = d.id AND e.enrolled_at >= '$month_ago' - INTERVAL 8 HOUR),
  (SELECT COUNT(*) FROM course_completions k JOIN users u ON u.id = k.user_id JOIN org_units c ON c.id = u.org_unit_id
     JOIN org_units t ON t.id = c.parent_id WHERE t.parent_id = d.id AND k.completed_at >= '$month_ago' - INTERVAL 8 HOUR)
FROM org_units d WHERE d.parent_id = $city;
SQL
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{t[NR] = $1} END {printf "%.0f %.0f", t[int((NR + 1) / 2)], t[NR]}'
}

printf '%-46s %10s %10s\n' request median_ms slowest_ms
report() { read -r m s <<<"$2"; printf '%-46s %10s %10s\n' "$1" "$m" "$s"; echo "$m" > "$work/$3"; }
report "API: whole city, last 30 days (by week)" "$(median_ms "/api/v1/stats/units/$city")" api
report "page: /admin/stats for the whole city" "$(median_ms "/admin/stats?unit=$city")" page
report "API: whole city, a whole year by month" "$(median_ms "/api/v1/stats/units/$city?from=$year_ago&to=$today&by=month")" year
report "page: the yearly report for the whole city" "$(median_ms "/admin/stats/report?unit=$city")" report
report "API: one district, last 30 days" "$(median_ms "/api/v1/stats/units/$district")" district
report "reference: main figures from the source tables" "$(reference_ms)" reference
python3 - "$work" <<'PY'
import sys, pathlib
w = pathlib.Path(sys.argv[1])
api, page, ref = (float((w / n).read_text()) for n in ("api", "page", "reference"))
print(f"whole-city dashboard page: {page:.0f} ms (goal < 1000 ms); the source-table count takes {ref / max(api, 1):.1f}x as long as the whole API answer")
PY
