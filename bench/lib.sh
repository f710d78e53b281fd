# Shared by the bench scripts: the tools they need, and nginx as the reference server.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"

ensure_bench_tools() {  # ensure_bench_tools PACKAGE...
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || { apt-get update -q; apt-get install -y -q "$p"; }
  done
}

# start_nginx WORKDIR PORT SERVER_BLOCK: nginx (2 workers, sendfile, no access log) with
# that server block; stopped by stop_nginx WORKDIR.
start_nginx() {
  cat > "$1/nginx.conf" <<CONF
worker_processes 2;
pid $1/nginx.pid;
error_log $1/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  types { application/vnd.apple.mpegurl m3u8; video/iso.segment m4s; text/html html; }
  server { listen 127.0.0.1:$2; $3 }
}
CONF
  nginx -c "$1/nginx.conf"
}
stop_nginx() { [ -f "$1/nginx.pid" ] && kill "$(cat "$1/nginx.pid")" 2>/dev/null || true; }
median() { sort -n | sed -n 2p; }  # the median of three numbers, one per line
