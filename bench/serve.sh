#!/usr/bin/env bash
# Serving benchmark: a 2 MB segment and a playlist of a published demo lesson from
# lifelong-server (as started by scripts/run) versus nginx (sendfile on) serving the
# same files, with wrk on loopback at 64 and 1000 connections. Prints req/s, MB/s and
# the ratio to nginx measured in the same run (medians of 3 alternated rounds); then
# CPU-seconds per GB of segments for both servers (from /proc), and the server's memory
# with 10,000 idle keep-alive connections open. The ratios come last.
#   bench/serve.sh [SECONDS=10]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
seconds=${1:-10}
ensure_bench_tools wrk nginx-light
url="http://127.0.0.1:${LIFELONG_SERVER_PORT:-8080}"
wait_http "$url/healthz" 5 || die "start the server first: scripts/run"

# The first ready lesson of a published course: its media is public.
lesson_path=$(curl -fsS "$url/api/v1/courses" | python3 -c '
import json, sys, urllib.request
base = sys.argv[1]
for c in json.load(sys.stdin)["courses"]:
    course = json.load(urllib.request.urlopen(base + "/api/v1/courses/" + str(c["id"])))
    for l in course["lessons"]:
        if l["status"] == "ready":
            print(l["media"]["hls"].rsplit("/", 1)[0]); sys.exit(0)
sys.exit(1)' "$url") || die "no published lesson is ready yet; wait for the transcoder"
# A signed link: /media/t/<expires>/<token>/lessons/<id>/v<n>
folder="var/media/videos/$(echo "$lesson_path" | sed 's#.*/lessons/##')"
rung=$(grep -v '^#' "$folder/master.m3u8" | grep . | head -1 | cut -d/ -f1)  # the first rung's folder
head -c $((2 * 1024 * 1024)) /dev/urandom > "$folder/$rung/bench_2mb.m4s"

work=$(mktemp -d)
cleanup() { stop_nginx "$work"; rm -f "$folder/$rung/bench_2mb.m4s"; rm -rf "$work"; }
trap cleanup EXIT
start_nginx "$work" 18099 "location $lesson_path/ { alias $ROOT/$folder/; }"
wait_http "http://127.0.0.1:18099$lesson_path/master.m3u8" 5 || die "nginx did not start"

ulimit -n 65536 2>/dev/null || true
measure() {  # measure URL CONNECTIONS → "req/s MB/s"
  wrk -t2 -c"$2" -d"${seconds}s" --latency "$1" 2>/dev/null | awk '
    /Requests\/sec/ {rps=$2}
    /Transfer\/sec/ {v=$2; if (v ~ /GB/) {v*=1024} else if (v ~ /KB/) {v/=1024} else {v+=0}; mbs=v}
    END {printf "%.0f %.1f\n", rps, mbs}'
}
summary=()
printf '%-28s %6s %12s %10s %12s %10s %8s\n' file conns lifelong_rps MB/s nginx_rps MB/s ratio
for file in bench_2mb.m4s master.m3u8; do
  [ "$file" = bench_2mb.m4s ] && path="$lesson_path/$rung/$file" || path="$lesson_path/$file"
  for conns in 64 1000; do
    : > "$work/l"; : > "$work/n"
    for round in 1 2 3; do  # alternated, so both see the same machine
      measure "$url$path" "$conns" >> "$work/l"
      measure "http://127.0.0.1:18099$path" "$conns" >> "$work/n"
    done
    l_rps=$(cut -d' ' -f1 "$work/l" | median); l_mbs=$(cut -d' ' -f2 "$work/l" | median)
    n_rps=$(cut -d' ' -f1 "$work/n" | median); n_mbs=$(cut -d' ' -f2 "$work/n" | median)
    ratio=$(python3 -c "print(f'{$l_rps / max($n_rps, 1):.2f}')")
    printf '%-28s %6s %12s %10s %12s %10s %8s\n' "$file" "$conns" "$l_rps" "$l_mbs" "$n_rps" "$n_mbs" "$ratio"
    summary+=("$(printf '%-40s %8s' "$file, $conns connections (× nginx)" "$ratio")")
  done
done

# CPU per byte: the server's and nginx's CPU-seconds (user + system, from /proc) per GB
# of 2 MB segments sent at 64 connections, measured around the same kind of run.
cpu_ticks() {  # cpu_ticks PID... → clock ticks used so far
  local total=0 pid
  for pid in "$@"; do total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat"))); done
  echo "$total"
}
server_pid=$(cat "$ROOT/var/run/server.pid")
nginx_pids=$(cat "$work/nginx.pid"; pgrep -P "$(cat "$work/nginx.pid")")
hz=$(getconf CLK_TCK)
segment="$lesson_path/$rung/bench_2mb.m4s"
cpu_per_gb() {  # cpu_per_gb URL PID... → CPU-seconds per GB sent
  local url=$1; shift
  local before after mbs
  before=$(cpu_ticks "$@")
  read -r _ mbs < <(measure "$url" 64)
  after=$(cpu_ticks "$@")
  python3 -c "print(f'{($after - $before) / $hz / max($mbs * $seconds / 1024, 1e-9):.2f}')"
}
: > "$work/l"; : > "$work/n"
for round in 1 2 3; do
  cpu_per_gb "$url$segment" "$server_pid" >> "$work/l"
  # shellcheck disable=SC2086
  cpu_per_gb "http://127.0.0.1:18099$segment" $nginx_pids >> "$work/n"
done
l_cpu=$(median < "$work/l"); n_cpu=$(median < "$work/n")
printf '\n%-28s %12s %12s %8s\n' "CPU-seconds per GB" lifelong nginx ratio
cpu_ratio=$(python3 -c "print(f'{$l_cpu / max($n_cpu, 1e-9):.2f}')")
printf '%-28s %12s %12s %8s\n' "2 MB segments, 64 conns" "$l_cpu" "$n_cpu" "$cpu_ratio"
summary+=("$(printf '%-40s %8s' "CPU per GB (× nginx's)" "$cpu_ratio")")

# 10,000 idle keep-alive connections (each has had one request answered): the server's
# resident memory before and while they are open.
rss_mb() { awk '/^VmRSS/ {printf "%.0f\n", $2 / 1024}' "/proc/$1/status"; }
rss_before=$(rss_mb "$server_pid")
python3 - "${LIFELONG_SERVER_PORT:-8080}" "$server_pid" <<'PY' > "$work/idle"
import socket, sys, time
port, pid = int(sys.argv[1]), sys.argv[2]
held = []
for _ in range(10000):  # bounded: one request each, then idle
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: bench\r\n\r\n")
    s.recv(4096)
    held.append(s)
time.sleep(1)
with open(f"/proc/{pid}/status") as f:
    rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS"))
print(len(held), rss // 1024)
PY
read -r open_conns rss_idle < "$work/idle"
printf '\n%-28s %12s %12s\n' "idle keep-alive connections" "RSS before" "RSS while open"
printf '%-28s %10s MB %10s MB\n' "$open_conns" "$rss_before" "$rss_idle"
summary+=("$(printf '%-40s %8s' "RSS, 10,000 idle connections (MB)" "$rss_idle")")

printf '\nmedians of 3 alternated rounds of %ss\n' "$seconds"
printf '%s\n' "${summary[@]}"
