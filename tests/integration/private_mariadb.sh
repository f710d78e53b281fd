#!/usr/bin/env bash
# A MariaDB of one test's own, so it can be crashed without disturbing the others.
#   private_mariadb.sh start DIR PORT ROOT_PASSWORD APP_PASSWORD DATABASE
#   private_mariadb.sh crash DIR          (SIGKILL: no clean shutdown, no flushing)
#   private_mariadb.sh stop DIR
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
case "$1" in
  start)
    start_mariadb "$2" "$3" "$4" >/dev/null
    ensure_database "$2" "$4" "$6" "$5"
    ;;
  crash)
    pid=$(cat "$2/run/mariadb.pid")
    kill -9 "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    rm -f "$2/run/mariadb.pid" "$2/run/mysqld.sock"
    ;;
  stop) stop_mariadb "$2" ;;
esac
