#!/usr/bin/env bash
# A large tus upload to a running server (scripts/run) as the demo teacher: creates the
# upload, sends the whole file in one PATCH (streamed by curl), and reports the rate and
# the server's memory before and at its peak during the upload.
#   bench/upload.sh [SIZE_MB=2048]
# Loopback only; one upload; ends by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-2048}
url="http://127.0.0.1:${LIFELONG_SERVER_PORT:-8080}"
pid=$(cat var/run/server.pid)
password=$(awk '$1=="demo_teacher"{print $2}' var/secrets/demo-accounts)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

curl -fsS -c "$work/jar" -H 'Content-Type: application/json' \
  -d "{\"username\":\"demo_teacher\",\"password\":\"$password\"}" "$url/api/v1/session" > "$work/login.json"
csrf=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$work/login.json")
api() { curl -fsS -b "$work/jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' "$@"; }
course=$(api -d '{"title":"上传测试（基准）","category":"digital"}' "$url/api/v1/courses" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
lesson=$(api -d '{"title":"大文件"}' "$url/api/v1/courses/$course/lessons" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

truncate -s "${size_mb}M" "$work/big.mp4"   # sparse: the disk is not the bottleneck
b64() { printf '%s' "$1" | base64 -w0; }
location=$(curl -fsS -o /dev/null -D - -b "$work/jar" -X POST -H "X-CSRF-Token: $csrf" -H 'Tus-Resumable: 1.0.0' \
  -H "Upload-Length: $((size_mb * 1024 * 1024))" \
  -H "Upload-Metadata: lesson_id $(b64 "$lesson"),filename $(b64 big.mp4),filetype $(b64 video/mp4)" \
  "$url/api/v1/uploads" | awk 'tolower($1)=="location:"{print $2}' | tr -d '\r')
[ -n "$location" ] || { echo "could not create the upload"; exit 1; }

rss() { awk '/VmRSS/{print $2}' "/proc/$pid/status"; }
before=$(rss); peak=$before
curl -sS -o /dev/null -w '%{http_code} %{time_total}\n' -b "$work/jar" -X PATCH -H "X-CSRF-Token: $csrf" \
  -H 'Tus-Resumable: 1.0.0' -H 'Upload-Offset: 0' -H 'Content-Type: application/offset+octet-stream' \
  -T "$work/big.mp4" "$url$location" > "$work/result" &
upload=$!
while kill -0 $upload 2>/dev/null; do
  now=$(rss); [ "$now" -gt "$peak" ] && peak=$now
  sleep 0.1
done
wait $upload
read -r status seconds < "$work/result"
echo "tus upload: ${size_mb} MB, HTTP $status, $(python3 -c "print(f'{$size_mb/$seconds:.0f}')") MB/s"
echo "server RSS: before $((before / 1024)) MB, peak $((peak / 1024)) MB, growth $(((peak - before) / 1024)) MB"
