#!/usr/bin/env bash
# A Redis of one test's own (an empty one to restore into, say).
#   private_redis.sh start DIR PORT PASSWORD
#   private_redis.sh stop DIR
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
case "$1" in
  start) start_redis "$2" "$3" "$4" >/dev/null ;;
  stop) stop_redis "$2" ;;
esac
