#!/usr/bin/env bash
# A Redis primary, its replica and three sentinels watching them, all on loopback, for
# the failover test: primary on PORT, replica on PORT+1, sentinels on PORT+2 to PORT+4.
#   redis_sentinel.sh start DIR PORT PASSWORD
#   redis_sentinel.sh stop DIR
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib/common.sh"
dir=$(realpath -m "$2")

# A sentinel rewrites its file as it learns, so each has one of its own. Quorum 2 of 3;
# a primary silent for a second is down (the test's patience, not a production value).
start_sentinel() {  # DIR PORT PRIMARY_PORT PASSWORD
  local i
  mkdir -p "$1"
  cat > "$1/sentinel.conf" <<CONF
port $2
bind 127.0.0.1
dir $1
pidfile $1/redis.pid
logfile $1/redis.log
daemonize yes
sentinel monitor lifelong 127.0.0.1 $3 2
sentinel auth-pass lifelong $4
sentinel down-after-milliseconds lifelong 1000
sentinel failover-timeout lifelong 10000
CONF
  redis-server "$1/sentinel.conf" --sentinel
  for i in $(seq 100); do
    redis-cli -p "$2" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.05
  done
  die "the sentinel on $2 did not start (see $1/redis.log)"
}

# What a sentinel says of the primary: `field` of SENTINEL MASTER (name and value lines).
sentinel_reads() {  # PORT FIELD
  redis-cli -p "$1" sentinel master lifelong 2>/dev/null | awk -v f="$2" 'found { print; exit } $0 == f { found = 1 }'
}

stop_all() {  # sentinels first, so none starts a failover while the rest stop
  local d
  for d in "$dir"/sentinel*/ "$dir"/replica/ "$dir"/primary/; do [ -d "$d" ] && stop_pid "$d/redis.pid"; done
  return 0
}

case "$1" in
  start)
    port=$3 pw=$4
    trap stop_all EXIT  # whatever fails below, nothing is left running
    start_redis "$dir/primary" "$port" "$pw" --masterauth "$pw"
    start_redis "$dir/replica" $((port + 1)) "$pw" --masterauth "$pw" --replicaof 127.0.0.1 "$port"
    for i in 2 3 4; do start_sentinel "$dir/sentinel$i" $((port + i)) "$port" "$pw"; done
    # Ready when the replica is linked and every sentinel knows it and the other two;
    # a failover asked for before that is put off by 20 s. Bounded: 30 s.
    for i in $(seq 300); do
      ready=1
      link=$(REDISCLI_AUTH="$pw" redis-cli -p $((port + 1)) info replication 2>/dev/null || true)
      [[ $link == *master_link_status:up* ]] || ready=0
      for s in 2 3 4; do
        [ "$(sentinel_reads $((port + s)) num-slaves)" = 1 ] || ready=0
        [ "$(sentinel_reads $((port + s)) num-other-sentinels)" = 2 ] || ready=0
      done
      if [ $ready = 1 ]; then trap - EXIT; exit 0; fi
      sleep 0.1
    done
    die "the replica and sentinels did not find each other (see the logs under $dir)"
    ;;
  stop) stop_all ;;
  *) die "usage: redis_sentinel.sh start DIR PORT PASSWORD | stop DIR" ;;
esac
