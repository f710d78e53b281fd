#!/usr/bin/env bash
# Catalog page benchmark: the anonymous home page (/) from lifelong-server (as started by
# scripts/run) versus nginx serving a saved copy of the same HTML, wrk on loopback at 64
# connections, both measured in this run. Prints req/s and the ratio to nginx; the
# issue's goal is at least 0.5. Also checks the served page equals the saved copy.
#   bench/catalog.sh [SECONDS=10]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
seconds=${1:-10}
ensure_bench_tools wrk nginx-light
url="http://127.0.0.1:${LIFELONG_SERVER_PORT:-8080}"
wait_http "$url/healthz" 5 || die "start the server first: scripts/run"

work=$(mktemp -d)
cleanup() { stop_nginx "$work"; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/site"
chmod 755 "$work" "$work/site"  # nginx workers run as another user
curl -fsS "$url/" -o "$work/site/index.html"
start_nginx "$work" 18098 "root $work/site; charset utf-8;"
wait_http "http://127.0.0.1:18098/" 5 || die "nginx did not start"
cmp -s <(curl -fsS "$url/") "$work/site/index.html" && same=yes || same=no

measure() {  # measure URL → req/s
  wrk -t2 -c64 -d"${seconds}s" "$1" 2>/dev/null | awk '/Requests\/sec/ {printf "%.0f\n", $2}'
}
l_rps=$(measure "$url/")
n_rps=$(measure "http://127.0.0.1:18098/")
printf '%-20s %8s %12s %12s %8s\n' page bytes lifelong_rps nginx_rps ratio
printf '%-20s %8s %12s %12s %8s\n' "/ (anonymous)" "$(stat -c %s "$work/site/index.html")" "$l_rps" "$n_rps" \
  "$(python3 -c "print(f'{$l_rps / max($n_rps, 1):.2f}')")"
echo "page served equals the saved copy: $same"
