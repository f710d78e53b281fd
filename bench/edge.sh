#!/usr/bin/env bash
# Viewers through the edge: wrk over every rung's segments (and the playlists) of the
# ready demo lessons, by their signed links, through the edge of scripts/cluster (TLS,
# the edge cache, two servers behind it), against nginx serving the same files over TLS
# with no application at all. Prints segments/s and MB/s with the ratio to that nginx
# (medians of 3 alternated rounds), the edge-cache hit ratio after warm-up, and how many
# requests reached the application per 1,000 segment requests. Ratios come last.
#   bench/edge.sh [SECONDS=10] [CONNECTIONS=64]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
seconds=${1:-10}
conns=${2:-64}
ensure_bench_tools wrk python3
C="$ROOT/var/cluster"
edge="https://127.0.0.1:${LIFELONG_CLUSTER_EDGE_PORT:-8443}"
curl -kfsS -o /dev/null "$edge/healthz" 2>/dev/null || scripts/cluster

work=$(mktemp -d)
cleanup() { [ -f "$work/nginx.pid" ] && kill "$(cat "$work/nginx.pid")" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

# Every published lesson's files by its signed link, once the transcoders are done
# (at most 5 minutes): "<link path> <file on the storage>" per line.
list_media() {
  curl -kfsS "$edge/api/v1/courses" | python3 -c '
import json, ssl, sys, urllib.request
edge, media = sys.argv[1], sys.argv[2]
plain = ssl.create_default_context(); plain.check_hostname = False; plain.verify_mode = ssl.CERT_NONE
get = lambda p: urllib.request.urlopen(edge + p, context=plain).read().decode()
lessons = [l for c in json.load(sys.stdin)["courses"]
           for l in json.loads(get("/api/v1/courses/%d" % c["id"]))["lessons"]]
if not lessons or any(l["status"] != "ready" for l in lessons): sys.exit(1)
for l in lessons:
    link = l["media"]["hls"].rsplit("/", 1)[0]
    folder = media + "/videos/" + link.split("/lessons/")[1]
    print(link + "/master.m3u8", folder + "/master.m3u8")
    for rung in [x for x in get(link + "/master.m3u8").splitlines() if x and not x.startswith("#")]:
        base = rung.rsplit("/", 1)[0]
        print(link + "/" + rung, folder + "/" + rung)
        for seg in [x for x in get(link + "/" + rung).splitlines() if x and not x.startswith("#")]:
            print(link + "/" + base + "/" + seg, folder + "/" + base + "/" + seg)
' "$edge" "$C/media"
}
for i in $(seq 300); do list_media > "$work/media" 2>/dev/null && break; sleep 1; done
[ -s "$work/media" ] || die "no ready lessons behind the edge (see var/cluster/log/transcoder-*.log)"
cut -d' ' -f1 "$work/media" > "$work/edge_paths"
# The reference serves the same files under the same paths, from the storage, over TLS.
sed 's#^/media/t/[0-9]*/[^/]*/lessons/#/#' "$work/edge_paths" > "$work/plain_paths"
segments=$(grep -vc '\.m3u8$' "$work/edge_paths")
playlists=$(grep -c '\.m3u8$' "$work/edge_paths")
echo "$(grep -c master.m3u8 "$work/edge_paths") lessons: $segments segments, $playlists playlists"

cat > "$work/nginx.conf" <<CONF
worker_processes 2;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  access_log $work/access.log;
  sendfile on; tcp_nopush on; keepalive_requests 10000;
  client_body_temp_path $work/body; proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
  server {
    listen 127.0.0.1:18098 ssl http2;
    ssl_certificate $C/edge/tls/fullchain.pem; ssl_certificate_key $C/edge/tls/privkey.pem;
    root $C/media/videos;
  }
}
CONF
nginx -c "$work/nginx.conf"
reference="https://127.0.0.1:18098"

# Each wrk thread walks the list from its own random start: many viewers, many lessons.
cat > "$work/viewers.lua" <<'LUA'
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do paths[#paths + 1] = line end
local i
function init() math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16)); i = math.random(#paths) end
function request() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
LUA
ulimit -n 65536 2>/dev/null || true
measure() {  # measure URL PATHS_FILE → "req/s MB/s"
  PATHS_FILE=$2 wrk -t2 -c"$conns" -d"${seconds}s" -s "$work/viewers.lua" "$1" 2>/dev/null | awk '
    /Requests\/sec/ {rps=$2}
    /Transfer\/sec/ {v=$2; if (v ~ /GB/) {v*=1024} else if (v ~ /KB/) {v/=1024} else {v+=0}; mbs=v}
    END {printf "%.0f %.1f\n", rps, mbs}'
}
app_requests() { cat "$C"/log/server-*.log | grep -cE '(GET|HEAD|POST|PUT|PATCH|DELETE) /' || true; }

seconds_saved=$seconds; seconds=3
measure "$edge" "$work/edge_paths" > /dev/null  # warm-up: fills the edge cache
seconds=$seconds_saved
log_lines=$(wc -l < "$C/edge/lifelong.access.log")
app_before=$(app_requests)
: > "$work/e"; : > "$work/n"
for round in 1 2 3; do  # alternated, so both see the same machine
  measure "$edge" "$work/edge_paths" >> "$work/e"
  measure "$reference" "$work/plain_paths" >> "$work/n"
done
app_after=$(app_requests)
tail -n +$((log_lines + 1)) "$C/edge/lifelong.access.log" > "$work/measured.log"

e_rps=$(cut -d' ' -f1 "$work/e" | median); e_mbs=$(cut -d' ' -f2 "$work/e" | median)
n_rps=$(cut -d' ' -f1 "$work/n" | median); n_mbs=$(cut -d' ' -f2 "$work/n" | median)
seg_requests=$(grep '/media/t/' "$work/measured.log" | grep -vc '\.m3u8"' || true)
hits=$(grep '/media/t/' "$work/measured.log" | grep -v '\.m3u8"' | grep -c ' HIT$' || true)
printf '%-24s %10s %10s\n' "" "requests/s" "MB/s"
printf '%-24s %10s %10s\n' "edge (cluster)" "$e_rps" "$e_mbs"
printf '%-24s %10s %10s\n' "nginx alone" "$n_rps" "$n_mbs"
python3 - "$e_rps" "$n_rps" "$e_mbs" "$n_mbs" "$hits" "$seg_requests" "$((app_after - app_before))" <<'PY'
import sys
e_rps, n_rps, e_mbs, n_mbs, hits, segs, app = map(float, sys.argv[1:])
print()
print("%-52s %8.2f  (goal >= 0.9)" % ("requests/s through the edge (x nginx alone)", e_rps / max(n_rps, 1)))
print("%-52s %8.2f" % ("MB/s through the edge (x nginx alone)", e_mbs / max(n_mbs, 0.1)))
print("%-52s %7.1f%%  (goal > 95%%)" % ("edge-cache hits among segment requests", 100 * hits / max(segs, 1)))
print("%-52s %8.2f  (goal <= 1)" % ("requests reaching the servers per 1,000 segments", 1000 * app / max(segs, 1)))
PY
