#!/usr/bin/env bash
# Search benchmark: 10,000 published courses with 100,000 lessons in a separate
# database (lifelong_bench, on the MariaDB that scripts/run started), a second server
# on 127.0.0.1:18097 reading it, and wrk asking /api/v1/courses?q=… one request at a
# time per query (latency, not throughput). Prints p50/p99 per query and p99 against
# the issue's 50 ms budget.
#   bench/search.sh [SECONDS_PER_QUERY=5] [COURSES=10000] [LESSONS_PER_COURSE=10]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
seconds=${1:-5} courses=${2:-10000} lessons=${3:-10}
ensure_bench_tools wrk
[ -x build/tools/lifelong-admin ] && [ -f var/secrets/mysql-root-password ] || die "start the portal first: scripts/run"

export LIFELONG_MYSQL_PORT=${LIFELONG_RUN_MYSQL_PORT:-3307} LIFELONG_MYSQL_PASSWORD=$(secret mysql-password)
export LIFELONG_REDIS_PORT=${LIFELONG_RUN_REDIS_PORT:-6380} LIFELONG_REDIS_PASSWORD=$(secret redis-password)
export LIFELONG_MYSQL_DATABASE=lifelong_bench LIFELONG_SERVER_PORT=18097 LIFELONG_MEDIA_DIR="$ROOT/var/bench-media"
ensure_database var/mysql "$(secret mysql-root-password)" lifelong_bench "$LIFELONG_MYSQL_PASSWORD"
build/tools/lifelong-admin migrate >/dev/null
log "making the corpus (once; a few minutes the first time)"
build/tools/lifelong-admin bench-corpus "$courses" "$lessons"
mariadb_sql var/mysql "$(secret mysql-root-password)" <<<"SELECT CONCAT((SELECT COUNT(*) FROM lifelong_bench.courses), ' courses, ', (SELECT COUNT(*) FROM lifelong_bench.lessons), ' lessons, ', (SELECT COUNT(*) FROM lifelong_bench.course_terms), ' index rows') AS corpus;"

mkdir -p var/bench-media var/log
build/server/lifelong-server >>var/log/bench-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
url="http://127.0.0.1:18097"
wait_http "$url/readyz" 30 || die "the bench server did not start (var/log/bench-server.log)"

ms() {  # wrk latency "12.34ms" / "1.20s" / "800.00us" → milliseconds
  awk '{v=$1; if (v ~ /us$/) {v+=0; v/=1000} else if (v ~ /ms$/) {v+=0} else if (v ~ /s$/) {v+=0; v*=1000}; printf "%.2f", v}'
}
printf '%-22s %8s %10s %10s %8s %14s\n' query hits p50_ms p99_ms req/s p99/50ms
worst=0
for q in 防诈 诈骗 入门 健康养生 "Excel 入门" "python" "老年人 微信" 太极 "Word 排版 进阶" 骗 剪纸案例; do
  enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$q")
  hits=$(curl -fsS "$url/api/v1/courses?q=$enc" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
  out=$(wrk -t1 -c1 -d"${seconds}s" --latency "$url/api/v1/courses?q=$enc" 2>/dev/null)
  p50=$(echo "$out" | awk '$1=="50%" {print $2}' | ms)
  p99=$(echo "$out" | awk '$1=="99%" {print $2}' | ms)
  rps=$(echo "$out" | awk '/Requests\/sec/ {printf "%.0f", $2}')
  ratio=$(python3 -c "print(f'{$p99 / 50:.2f}')")
  worst=$(python3 -c "print(max($worst, $p99))")
  printf '%-22s %8s %10s %10s %8s %14s\n' "$q" "$hits" "$p50" "$p99" "$rps" "$ratio"
done
echo "slowest p99: ${worst} ms (budget 50 ms)"
