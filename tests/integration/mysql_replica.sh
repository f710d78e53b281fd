#!/usr/bin/env bash
# A MariaDB primary and its GTID replica of one test's own, on loopback: the primary on
# PORT, the replica on PORT+1, both set up as scripts/cluster sets up its own.
#   mysql_replica.sh start DIR PORT ROOT_PASSWORD APP_PASSWORD DATABASE
#   mysql_replica.sh primary|replica DIR ROOT_PASSWORD   (runs SQL from stdin as root)
#   mysql_replica.sh stop DIR
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
dir=$(realpath -m "$2")
case "$1" in
  start)
    start_mariadb "$dir/primary" "$3" "$4" "${MARIADB_PRIMARY_OPTIONS[@]}" >/dev/null
    ensure_database "$dir/primary" "$4" "$6" "$5"
    start_mariadb_replica "$dir/replica" $(($3 + 1)) 2 "$dir/primary" "$3" "$4" >/dev/null
    ;;
  primary | replica) mariadb_sql "$dir/$1" "$3" ;;
  stop)
    stop_mariadb "$dir/replica"
    stop_mariadb "$dir/primary"
    ;;
  *) die "usage: mysql_replica.sh start DIR PORT ROOT_PW APP_PW DATABASE | primary|replica DIR ROOT_PW | stop DIR" ;;
esac
