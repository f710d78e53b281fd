#!/usr/bin/env bash
# The systemd units' commands, run as written but without systemd (docs/operations.md's
# install, under a scratch root): `cmake --install` lays out the programs, the shipped
# /etc/lifelong/lifelong.toml is used with an environment file like secrets.env, and
# every path the units name is moved under the root. Then lifelong-migrate's command
# must succeed, and the server and transcoder must start and answer as installed.
# Usage: units_test.sh BUILD_DIR (CTest passes it; scripts/test provides MariaDB and Redis).
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd)
build=$1
: "${LIFELONG_MYSQL_PORT:?run through scripts/test}" "${LIFELONG_REDIS_PORT:?run through scripts/test}"
server_port=18271 metrics_port=18272
root=$(mktemp -d "${LIFELONG_TEST_TMP:-/tmp}/units.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$root"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; for f in "$root"/*.log; do echo "--- $f" >&2; tail -20 "$f" >&2; done; exit 1; }
# A page's body, fetched whole before it is searched (grep -q would close the pipe early).
fetch() { curl -sf "$@" || true; }

# What the units promise beyond their commands: their own user, no new privileges, a
# read-only system, and the server and transcoder only after the migrations.
for unit in lifelong-migrate lifelong-server lifelong-transcoder; do
  for line in User=lifelong NoNewPrivileges=yes ProtectSystem=strict PrivateTmp=yes; do
    grep -qx "$line" "$src/deploy/systemd/$unit.service" || fail "$unit.service lacks $line"
  done
done
for unit in lifelong-server lifelong-transcoder; do
  grep -qx "Requires=lifelong-migrate.service" "$src/deploy/systemd/$unit.service" ||
    fail "$unit.service may start before the migrations are done"
done

# The install, as the operations guide does it.
DESTDIR=$root cmake --install "$build" --prefix /usr/local >/dev/null
mkdir -p "$root/etc/lifelong" "$root/srv/lifelong/media"
on_root() { sed -e "s|/usr/local/|$root/usr/local/|g" -e "s|/etc/lifelong/|$root/etc/lifelong/|g" \
                -e "s|/srv/lifelong/|$root/srv/lifelong/|g"; }
on_root < "$src/deploy/lifelong.toml" > "$root/etc/lifelong/lifelong.toml"
token=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
# secrets.env.example's keys, filled in; this machine's test ports and database besides.
cat > "$root/etc/lifelong/secrets.env" <<ENV
$(grep -o '^LIFELONG_[A-Z_]*=' "$src/deploy/systemd/secrets.env.example" | while read -r key; do
  case $key in
    LIFELONG_MYSQL_PASSWORD=) echo "$key$LIFELONG_MYSQL_PASSWORD" ;;
    LIFELONG_REDIS_PASSWORD=) echo "$key$LIFELONG_REDIS_PASSWORD" ;;
    LIFELONG_MEDIA_LINK_SECRET=) echo "${key}unitstestlinksecret0123" ;;
    LIFELONG_METRICS_TOKEN=) echo "$key$token" ;;
  esac
done)
LIFELONG_MYSQL_PORT=$LIFELONG_MYSQL_PORT
LIFELONG_MYSQL_DATABASE=${LIFELONG_MYSQL_DATABASE:-lifelong_it}
LIFELONG_REDIS_PORT=$LIFELONG_REDIS_PORT
LIFELONG_SERVER_PORT=$server_port
LIFELONG_METRICS_TRANSCODER_LISTEN=127.0.0.1:$metrics_port
ENV
grep -q "^LIFELONG_MEDIA_LINK_SECRET=unitstest" "$root/etc/lifelong/secrets.env" || fail "secrets.env.example lost a key"

# One unit's command: its ExecStart in its WorkingDirectory, with only its EnvironmentFile
# (and the sanitizers' settings) in the environment. Every path it writes is one of its
# ReadWritePaths (checked by making the rest of the root read-only would need root; the
# paths are checked to exist instead).
unit_key() { grep "^$2=" "$src/deploy/systemd/$1.service" | head -1 | cut -d= -f2- | on_root; }
run_unit() {
  local unit=$1 workdir command envfile
  workdir=$(unit_key "$unit" WorkingDirectory)
  command=$(unit_key "$unit" ExecStart)
  envfile=$(unit_key "$unit" EnvironmentFile)
  [ -d "$workdir" ] || fail "$unit: WorkingDirectory $workdir is not installed"
  [ -f "$envfile" ] || fail "$unit: EnvironmentFile $envfile is missing"
  for path in $(unit_key "$unit" ReadWritePaths); do [ -d "$path" ] || fail "$unit: ReadWritePaths $path missing"; done
  # The environment file's lines as systemd reads them: KEY=VALUE each, a value may hold spaces.
  local settings=() line
  while IFS= read -r line; do
    case $line in '' | '#'*) ;; *) settings+=("$line") ;; esac
  done < "$envfile"
  cd "$workdir"
  # shellcheck disable=SC2086
  exec env -i PATH=/usr/bin:/bin ASAN_OPTIONS="${ASAN_OPTIONS:-}" LSAN_OPTIONS="${LSAN_OPTIONS:-}" \
    UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" "${settings[@]}" $command
}

# Each in a subshell of its own, which becomes the program (exec): its pid is the program's.
for port in $server_port $metrics_port; do
  ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || fail "port $port is taken: something else would answer"
done
(run_unit lifelong-migrate) > "$root/migrate.log" 2>&1 || fail "lifelong-migrate's command failed"
grep -q "migration(s) applied" "$root/migrate.log" || fail "migrate said nothing"

run_unit lifelong-server > "$root/server.log" 2>&1 &
pids+=($!)
run_unit lifelong-transcoder > "$root/transcoder.log" 2>&1 &
pids+=($!)
up=no
for _ in $(seq 1 100); do  # at most 20 s
  if curl -sf -o /dev/null "http://127.0.0.1:$server_port/readyz"; then up=yes; break; fi
  sleep 0.2
done
[ $up = yes ] || fail "the installed server did not become ready"
# Pages come from the installed templates, styles from the installed static files.
home=$(fetch "http://127.0.0.1:$server_port/")
[[ $home == *"<title>"* ]] || fail "no page from the installed templates"
css=$(grep -o '/static/[^"]*\.css' <<< "$home" | head -1 || true)
[ -n "$css" ] && curl -sf -o /dev/null "http://127.0.0.1:$server_port$css" || fail "no stylesheet from the installed static files"
got=no
for _ in $(seq 1 50); do  # at most 10 s
  if [[ $(fetch -u "prometheus:$token" "http://127.0.0.1:$metrics_port/metrics") == *lifelong_transcode_queue_length* ]]; then
    got=yes; break
  fi
  sleep 0.2
done
[ $got = yes ] || fail "the installed transcoder's metrics listener did not answer"
curl -sf -u "prometheus:$token" -H "X-Forwarded-For: 192.0.2.1" -o /dev/null "http://127.0.0.1:$server_port/metrics" ||
  fail "the server's metrics refused the token from secrets.env"
echo "units: migrate, server and transcoder ran as installed"
