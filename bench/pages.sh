#!/usr/bin/env bash
# Server-rendered pages: a signed-in learner's course page, lesson page, /me/learning and
# home page, and the anonymous catalog, from lifelong-server (as started by scripts/run)
# versus nginx serving a saved copy of the very same HTML, wrk on loopback at 64
# connections. Three alternated rounds, the median of each; prints req/s, p50/p99
# latency and the ratio to nginx last.
#   bench/pages.sh [SECONDS=5]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
seconds=${1:-5}
ensure_bench_tools wrk nginx-light
url="http://127.0.0.1:${LIFELONG_SERVER_PORT:-8080}"
wait_http "$url/healthz" 5 || die "start the server first: scripts/run"
accounts="$ROOT/var/secrets/demo-accounts"
[ -f "$accounts" ] || die "no demo accounts in $accounts: scripts/run seeds them"

work=$(mktemp -d)
cleanup() { stop_nginx "$work"; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/site"
chmod 755 "$work" "$work/site"  # nginx workers run as another user

# The demo learner signs in; the session cookie goes with every signed-in request.
password=$(awk '$1 == "demo_learner" {print $2}' "$accounts")
csrf=$(curl -fsS -D "$work/signed-in" -H 'Content-Type: application/json' \
  -d "{\"username\":\"demo_learner\",\"password\":\"$password\"}" "$url/api/v1/session" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
session=$(awk -F'[=;]' 'tolower($1) ~ /^set-cookie: ll_sid/ {print $2}' "$work/signed-in")
[ -n "$session" ] || die "demo_learner could not sign in"
cookie="Cookie: ll_sid=$session"
course=$(curl -fsS "$url/api/v1/courses" | python3 -c 'import json,sys; print(json.load(sys.stdin)["courses"][0]["id"])')
curl -fsS -X PUT -H "$cookie" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  "$url/api/v1/courses/$course/enrolment" >/dev/null
lesson=$(curl -fsS -H "$cookie" "$url/api/v1/courses/$course" | python3 -c 'import json,sys; print(json.load(sys.stdin)["lessons"][0]["id"])')

pages=("course:/courses/$course:signed" "lesson:/lessons/$lesson:signed" "learning:/me/learning:signed"
       "home:/:signed" "catalog:/:anonymous")
for p in "${pages[@]}"; do
  IFS=: read -r name path who <<<"$p"
  headers=(); [ "$who" = signed ] && headers=(-H "$cookie")
  curl -fsS "${headers[@]}" "$url$path" -o "$work/site/$name.html"
done
start_nginx "$work" 18099 "root $work/site; charset utf-8;"
wait_http "http://127.0.0.1:18099/catalog.html" 5 || die "nginx did not start"

measure() {  # measure URL [HEADER] → "req/s p50_ms p99_ms"
  local extra=(); [ -n "${2:-}" ] && extra=(-H "$2")
  wrk -t2 -c64 -d"${seconds}s" --latency "${extra[@]}" "$1" 2>/dev/null | awk '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ {p50 = ms($2)} /^ +99%/ {p99 = ms($2)} /Requests\/sec/ {rps = $2}
    END {printf "%.0f %.2f %.2f\n", rps, p50, p99}'
}

printf '%-10s %8s %12s %9s %9s %12s %8s\n' page bytes lifelong_rps p50_ms p99_ms nginx_rps ratio
for p in "${pages[@]}"; do
  IFS=: read -r name path who <<<"$p"
  header=""; [ "$who" = signed ] && header="$cookie"
  : > "$work/l" ; : > "$work/n"
  for round in 1 2 3; do  # alternated, so both see the same machine
    measure "$url$path" "$header" >> "$work/l"
    measure "http://127.0.0.1:18099/$name.html" >> "$work/n"
  done
  l_rps=$(cut -d' ' -f1 "$work/l" | median); n_rps=$(cut -d' ' -f1 "$work/n" | median)
  p50=$(cut -d' ' -f2 "$work/l" | median); p99=$(cut -d' ' -f3 "$work/l" | median)
  printf '%-10s %8s %12s %9s %9s %12s %8s\n' "$name" "$(stat -c %s "$work/site/$name.html")" "$l_rps" "$p50" "$p99" \
    "$n_rps" "$(python3 -c "print(f'{$l_rps / max($n_rps, 1):.3f}')")"
done
