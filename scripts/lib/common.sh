# Shared by scripts/run, scripts/stop and scripts/test. Source it; do not run it.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

# Everything the project needs, from Debian 12's own packages.
# What a production host needs to build Lifelong and run it (docs/operations.md): the
# compiler and libraries, ffmpeg, the database and Redis clients, and the backup tools.
APT_BUILD_PACKAGES=(
  build-essential cmake pkg-config git ca-certificates curl
  libboost-dev libboost-system-dev libmysqlcppconn-dev libhiredis-dev
  libavformat-dev libavcodec-dev libavutil-dev ffmpeg
  libkainjow-mustache-dev nlohmann-json3-dev libsodium-dev libtomlplusplus-dev libspdlog-dev prometheus-cpp-dev
  libssl-dev libcsv-dev libqrencode-dev libcurl4-openssl-dev
  mariadb-client redis-tools zstd rsync
  nodejs npm
)
# What the demo and the test suite need besides: the services themselves on this host,
# the edge, Prometheus, the sanitizers' runtime, the browser, and the Chinese font (found
# with fontconfig's fc-match) and voice the demo lessons are made with. Installing these on a
# production host would start services it does not want (Debian's prometheus on :9090).
APT_TEST_PACKAGES=(
  libgtest-dev libgmock-dev
  mariadb-server redis-server nginx openssl prometheus
  zbar-tools clang libclang-rt-14-dev
  chromium fonts-noto-cjk fontconfig espeak-ng python3-aiosmtpd
)

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# ensure_packages [build]: installs what is missing: everything by default, only
# APT_BUILD_PACKAGES with "build".
ensure_packages() {
  local missing=() p wanted=("${APT_BUILD_PACKAGES[@]}")
  [ "${1:-}" = build ] || wanted+=("${APT_TEST_PACKAGES[@]}")
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  # The machine image may carry its own Node.js; only install Debian's when there is none.
  if command -v node >/dev/null && command -v npm >/dev/null; then
    local kept=()
    for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || kept+=("$p"); done
    missing=("${kept[@]}")
  fi
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || die "missing packages (${missing[*]}); run as root to install them"
  log "installing ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Front-end packages from the committed lockfile; hls.js is copied into static/vendor.
ensure_npm() {
  if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
  mkdir -p static/vendor
  cp node_modules/hls.js/dist/hls.min.js static/vendor/hls.min.js
  cp node_modules/tus-js-client/dist/tus.min.js static/vendor/tus.min.js
}

# The demo's site identity (a city sets its own in config/lifelong.toml [site]).
demo_site_identity() {
  export LIFELONG_SITE_NAME=${LIFELONG_SITE_NAME:-示范市终身学习网}
  export LIFELONG_SITE_ISSUER=${LIFELONG_SITE_ISSUER:-示范市社区教育指导中心}
  export LIFELONG_SITE_ISSUER_EN=${LIFELONG_SITE_ISSUER_EN:-"Community Education Centre of the Demo City"}
  export LIFELONG_SITE_NAME_EN=${LIFELONG_SITE_NAME_EN:-"Demo City Lifelong Learning"}
  export LIFELONG_SITE_HOTLINE=${LIFELONG_SITE_HOTLINE:-0571-12345678}
  export LIFELONG_SITE_ICP=${LIFELONG_SITE_ICP:-示ICP备00000000号（演示）}
}

# build DIR [extra cmake args...]
build() {
  local dir=$1; shift
  log "building in $dir"
  cmake -S . -B "$dir" "$@" >/dev/null
  cmake --build "$dir" -j2
}

secret() {  # secret NAME: a generated secret kept in var/secrets (never in the repo)
  local file="$ROOT/var/secrets/$1"
  mkdir -p "$ROOT/var/secrets"
  chmod 700 "$ROOT/var/secrets"
  [ -s "$file" ] || (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$file")
  cat "$file"
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# stop_pid FILE: TERM, wait up to 30 s, then KILL.
stop_pid() {
  local file=$1 pid i
  pid_alive "$file" || { rm -f "$file"; return 0; }
  pid=$(cat "$file")
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
  rm -f "$file"
}

# start_mariadb DIR PORT ROOT_PASSWORD [MARIADBD OPTIONS...]: a private server with its
# data under DIR.
start_mariadb() {
  local dir port=$2 root_pw=$3 i
  dir=$(realpath -m "$1")
  shift 3  # the rest: more mariadbd options (replication)  # mariadbd resolves relative paths against its own base
  mkdir -p "$dir/run"
  chown -R mysql:mysql "$dir" 2>/dev/null || true
  chgrp mysql "$dir/run" && chmod 775 "$dir/run"   # else mariadbd exits silently
  # The server runs as mysql, unless a parent folder of the checkout keeps mysql out.
  local user=mysql
  runuser -u mysql -- test -w "$dir/run" 2>/dev/null || user=root
  if pid_alive "$dir/run/mariadb.pid"; then return 0; fi
  if [ ! -d "$dir/data/mysql" ]; then
    log "initialising MariaDB in $dir/data"
    mariadb-install-db --no-defaults --user=$user --datadir="$dir/data" \
      --auth-root-authentication-method=normal --skip-test-db >"$dir/install.log" 2>&1 \
      || { cat "$dir/install.log"; die "mariadb-install-db failed"; }
    touch "$dir/.fresh"
  fi
  mariadbd --no-defaults --user=$user --datadir="$dir/data" --socket="$dir/run/mysqld.sock" \
    --pid-file="$dir/run/mariadb.pid" --port="$port" --bind-address=127.0.0.1 --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    --innodb-buffer-pool-size=256M --log-error="$dir/error.log" "$@" >/dev/null 2>&1 &
  for i in $(seq 300); do
    # ping succeeds once the server answers, even when it denies the password-less login.
    [ -S "$dir/run/mysqld.sock" ] && mariadb-admin --no-defaults --socket="$dir/run/mysqld.sock" -uroot ping \
      >/dev/null 2>&1 && break
    sleep 0.1
  done
  [ -S "$dir/run/mysqld.sock" ] || { tail -20 "$dir/error.log"; die "MariaDB did not start"; }
  if [ -f "$dir/.fresh" ]; then
    # The install leaves password-less root accounts: give root a password, drop the rest.
    mariadb --no-defaults --socket="$dir/run/mysqld.sock" -uroot <<SQL
DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host <> 'localhost');
ALTER USER 'root'@'localhost' IDENTIFIED BY '$root_pw';
FLUSH PRIVILEGES;
SQL
    rm -f "$dir/.fresh"
  fi
}

# mariadb_sql DIR ROOT_PASSWORD: runs SQL from stdin as root over the socket.
mariadb_sql() { mariadb --no-defaults --socket="$1/run/mysqld.sock" -uroot -p"$2"; }

# ensure_database DIR ROOT_PASSWORD DATABASE APP_PASSWORD
ensure_database() {
  mariadb_sql "$1" "$2" <<SQL
CREATE DATABASE IF NOT EXISTS \`$3\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'lifelong'@'127.0.0.1' IDENTIFIED BY '$4';
CREATE USER IF NOT EXISTS 'lifelong'@'localhost' IDENTIFIED BY '$4';
ALTER USER 'lifelong'@'127.0.0.1' IDENTIFIED BY '$4';
ALTER USER 'lifelong'@'localhost' IDENTIFIED BY '$4';
GRANT ALL ON \`$3\`.* TO 'lifelong'@'127.0.0.1';
GRANT ALL ON \`$3\`.* TO 'lifelong'@'localhost';
SQL
}

stop_mariadb() { stop_pid "$1/run/mariadb.pid"; }

# What a primary needs for replicas: a binary log in rows (the READ COMMITTED transactions
# of progress reports need ROW or MIXED) and an id of its own.
MARIADB_PRIMARY_OPTIONS=(--server-id=1 --log-bin=mariadb-bin --binlog-format=ROW)

# start_mariadb_replica DIR PORT SERVER_ID PRIMARY_DIR PRIMARY_PORT ROOT_PASSWORD: a
# read-only replica of the primary (started with MARIADB_PRIMARY_OPTIONS), replicating by
# GTID. A new one is seeded from a consistent dump of the primary, whose root password
# (the same for both) it takes over with the rest of its accounts. The application's
# user may then read its replication state (SHOW REPLICA STATUS).
start_mariadb_replica() {
  local dir port=$2 id=$3 primary_dir=$4 primary_port=$5 root_pw=$6 repl_pw state i
  dir=$(realpath -m "$1")
  start_mariadb "$dir" "$port" "$root_pw" --server-id="$id" --read-only=ON --relay-log=relay-bin
  state=$(mariadb_sql "$dir" "$root_pw" <<<"SHOW REPLICA STATUS\G" | awk '$1 == "Slave_SQL_Running:" { print $2 }')
  if [ -z "$state" ]; then
    log "seeding the MariaDB replica in $dir from the primary"
    repl_pw=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    mariadb_sql "$primary_dir" "$root_pw" <<SQL
CREATE USER IF NOT EXISTS 'lifelong_repl'@'127.0.0.1' IDENTIFIED BY '$repl_pw';
ALTER USER 'lifelong_repl'@'127.0.0.1' IDENTIFIED BY '$repl_pw';
GRANT REPLICATION SLAVE ON *.* TO 'lifelong_repl'@'127.0.0.1';
GRANT SLAVE MONITOR ON *.* TO 'lifelong'@'127.0.0.1';
SQL
    # --gtid --master-data: the dump sets gtid_slave_pos to where it was taken.
    mariadb-dump --no-defaults --socket="$primary_dir/run/mysqld.sock" -uroot -p"$root_pw" --all-databases \
      --single-transaction --gtid --master-data=1 --routines --events >"$dir/seed.sql"
    mariadb_sql "$dir" "$root_pw" <"$dir/seed.sql"
    rm -f "$dir/seed.sql"
    mariadb_sql "$dir" "$root_pw" <<SQL
FLUSH PRIVILEGES;
CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=$primary_port, MASTER_USER='lifelong_repl',
  MASTER_PASSWORD='$repl_pw', MASTER_USE_GTID=slave_pos;
START REPLICA;
SQL
  fi
  for i in $(seq 300); do
    state=$(mariadb_sql "$dir" "$root_pw" <<<"SHOW REPLICA STATUS\G" |
      awk '$1 == "Slave_IO_Running:" || $1 == "Slave_SQL_Running:" { printf "%s ", $2 }')
    [ "$state" = "Yes Yes " ] && return 0
    sleep 0.1
  done
  mariadb_sql "$dir" "$root_pw" <<<"SHOW REPLICA STATUS\G" | grep -E "Running|Error" || true
  die "the MariaDB replica in $dir does not replicate"
}

# start_redis DIR PORT PASSWORD [REDIS-SERVER OPTIONS...]
start_redis() {
  local dir port=$2 pw=$3 i
  dir=$(realpath -m "$1")
  shift 3  # the rest: more redis-server options (--replicaof ...)
  mkdir -p "$dir"
  pid_alive "$dir/redis.pid" && return 0
  redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --appendonly yes --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --requirepass "$pw" --save "" "$@" >/dev/null
  for i in $(seq 100); do
    REDISCLI_AUTH="$pw" redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && return 0
    sleep 0.05
  done
  die "Redis did not start (see $dir/redis.log)"
}

stop_redis() { stop_pid "$1/redis.pid"; }

# make_demo_videos DIR: the demo lessons, slides with a spoken narration and captions.
source "$ROOT/scripts/lib/demo_videos.sh"

# wait_http URL SECONDS: until it answers 200.
wait_http() {
  local i
  for i in $(seq $(($2 * 10))); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
