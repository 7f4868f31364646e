#!/usr/bin/env bash
# Uptime: the two commands, and a cluster demo.
#   ./uptime.sh up        build and run a hub silo, three validators and a demo target (PostgreSQL included)
#   ./uptime.sh test      run every test
#   ./uptime.sh cluster   like up, with three silos behind HAProxy (port 8080)
#   ./uptime.sh bench     benchmark on this machine (./uptime.sh bench --help; see bench/README.md)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DATA="${UPTIME_DATA:-$ROOT/.data}"
CONFIGURATION="${CONFIGURATION:-Release}"
HUB_PORT="${HUB_PORT:-8080}"
DEMO_TARGET_PORT="${DEMO_TARGET_PORT:-8099}"
PG_PORT="${UPTIME_PG_PORT:-55432}"
SILO_RESTART_DELAY="${UPTIME_SILO_RESTART_DELAY:-10}"
SILO_PORT_BASE="${UPTIME_SILO_PORT_BASE:-11110}"        # cluster: silo i listens on base + i
GATEWAY_PORT_BASE="${UPTIME_GATEWAY_PORT_BASE:-30000}"

say() { printf '\033[1m%s\033[0m\n' "$*"; }
die() { printf '❌ %s\n' "$*" >&2; exit 1; }

apt_install() {
  [ "$(id -u)" = 0 ] || die "missing $*: install it (apt-get install $*) or run as root"
  say "Installing $* (apt-get)…"
  if [ -z "${APT_UPDATED:-}" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

postgres_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$dir" ] && [ -x "$dir/initdb" ] && { echo "$dir"; return; }
  command -v initdb >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v initdb)")"; return; }
  return 1
}

ensure_tools() { # extra tools: haproxy, nginx, chromium
  command -v dotnet >/dev/null 2>&1 || die "the .NET 10 SDK is required (https://dot.net); dotnet is not on PATH"
  command -v curl >/dev/null 2>&1 || apt_install curl
  postgres_bin >/dev/null || apt_install postgresql
  postgres_bin >/dev/null || die "PostgreSQL server binaries still not found after installing postgresql"
  local tool
  for tool in "$@"; do
    case "$tool" in
      haproxy) [ -x /usr/sbin/haproxy ] || apt_install haproxy ;;
      nginx) [ -x /usr/sbin/nginx ] || apt_install nginx ;;
      chromium) [ -x /usr/bin/chromium ] || apt_install chromium ;;
    esac
  done
}

# Renders deploy/haproxy.cfg for local silos: render_haproxy <file> <listen port> <silo HTTP ports...>
render_haproxy() {
  local file="$1" listen="$2" servers="" port i=0
  shift 2
  for port in "$@"; do
    i=$((i + 1))
    servers+="    server silo$i 127.0.0.1:$port"$'\n'
  done
  mkdir -p "$(dirname "$file")"
  SERVERS="$servers" awk -v listen="127.0.0.1:$listen" '
    { gsub("__LISTEN__", listen) }
    /__SERVERS__/ { printf "%s", ENVIRON["SERVERS"]; next }
    { print }' "$ROOT/deploy/haproxy.cfg" > "$file"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

STARTED_POSTGRES=""
start_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    say "Using DATABASE_URL from the environment"
    return
  fi
  local bin pgdata="$DATA/postgres"
  bin="$(postgres_bin)"
  mkdir -p "$DATA"
  if [ ! -s "$pgdata/PG_VERSION" ]; then
    say "Creating a local PostgreSQL in $pgdata"
    mkdir -p "$pgdata"
    [ "$(id -u)" = 0 ] && chown postgres "$pgdata"
    as_postgres "$bin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  if ! as_postgres "$bin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
    as_postgres "$bin/pg_ctl" -D "$pgdata" -w -l "$pgdata/server.log" \
      -o "-p $PG_PORT -k $pgdata -c listen_addresses=127.0.0.1" start >/dev/null
    STARTED_POSTGRES="$pgdata"
  fi
  if ! "$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'uptime'" | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres uptime
  fi
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/uptime"
  say "PostgreSQL: $DATABASE_URL"
}

stop_postgres() {
  [ -n "$STARTED_POSTGRES" ] || return 0
  as_postgres "$(postgres_bin)/pg_ctl" -D "$STARTED_POSTGRES" -m fast stop >/dev/null 2>&1 || true
}

PIDS=()
declare -A NAME_OF
start() { # name, command...
  local name="$1"; shift
  # A session of its own: Ctrl-C reaches only this script, which stops the children in order (see cleanup); the
  # prefixing sed ignores it too, so their last lines still show.
  setsid "$@" > >(trap '' INT; exec sed -u "s/^/[$name] /") 2>&1 &
  PIDS+=("$!")
  NAME_OF[$!]="$name"
}

STOPPING=""
cleanup() {
  trap - EXIT INT TERM
  STOPPING=1
  say "Stopping…"
  # Newest first: the validators leave before the hubs they talk to, which leave before the target and PostgreSQL,
  # so nobody logs reconnect attempts to a hub that is going away.
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${PIDS[i]}" 2>/dev/null || true
    wait "${PIDS[i]}" 2>/dev/null || true
  done
  stop_postgres
}

wait_for_http() { # url, seconds
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$1" 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "$1 did not answer within $2 s"
    sleep 0.5
  done
}

# The admin key of this checkout: made once, kept in .data/admin.key; the hub is given only its SHA-256.
ensure_admin_key() {
  mkdir -p "$DATA"
  if [ ! -s "$DATA/admin.key" ]; then
    (umask 077 && openssl rand -hex 32 > "$DATA/admin.key")
  fi
  ADMIN_KEY="$(cat "$DATA/admin.key")"
  ADMIN_KEY_HASH="$(printf %s "$ADMIN_KEY" | sha256sum | cut -d' ' -f1)"
}

# The demo target's alert receiver checks each webhook's signature with this secret.
ensure_alert_secret() {
  mkdir -p "$DATA"
  if [ ! -s "$DATA/alert.secret" ]; then
    (umask 077 && openssl rand -hex 24 > "$DATA/alert.secret")
  fi
  ALERT_SECRET="$(cat "$DATA/alert.secret")"
}

# Demo targets live on 127.0.0.1, which a production hub and agent refuse (SSRF rule): allowed here on purpose.
# HUB_PUBLIC_URL (where browsers and validators reach the hub) puts dashboard links into alerts and adds the hub's canary.
hub_env() { # port: sets HUB_ENV
  HUB_ENV=(HUB_PORT="$1" DATABASE_URL="$DATABASE_URL" HUB_ADMIN_KEY_HASHES="$ADMIN_KEY_HASH" ALLOW_PRIVATE_TARGETS=true
    HUB_PUBLIC_URL="http://127.0.0.1:$HUB_PORT/")
}

# Per-check lines ("✅ Checked …") would scroll the banner away: shown only with UPTIME_CHECK_LOGS=1.
start_agent() { # name, location, hub url
  start "$1" env HUB_URL="$3" VALIDATOR_KEY_FILE="$DATA/validators/$1.key" VALIDATOR_LOCATION="$2" ALLOW_PRIVATE_TARGETS=true \
    Logging__LogLevel__Microsoft.Hosting.Lifetime=Warning \
    Logging__LogLevel__Uptime.Agent.Checks="$([ "${UPTIME_CHECK_LOGS:-}" = 1 ] && echo Information || echo Warning)" \
    dotnet "$ROOT/Validator.Agent/bin/$CONFIGURATION/net10.0/Uptime.Validator.Agent.dll"
}

# The banner is printed last and kept in .data/banner.txt, to find it again.
banner() {
  printf '%s\n' "$1" > "$DATA/banner.txt"
  say "$1"
}

# Waits until Ctrl-C or until a process exits. A cluster silo's death is the point of that demo: it is restarted
# after a pause and everything else keeps running; any other process exiting stops the rest.
supervise() {
  local exited name alive pid
  while :; do
    exited=""
    wait -n -p exited "${PIDS[@]}" || true
    [ -z "$STOPPING" ] || return 0
    [ -n "$exited" ] || { say "No process left; stopping."; return 0; }
    name="${NAME_OF[$exited]}"
    alive=()
    for pid in "${PIDS[@]}"; do [ "$pid" = "$exited" ] || alive+=("$pid"); done
    PIDS=("${alive[@]}")
    if [[ "$name" == silo-* ]]; then
      say "$name (pid $exited) exited. Its validators reconnect to the other silos; restarting $name in $SILO_RESTART_DELAY s."
      sleep "$SILO_RESTART_DELAY"
      [ -z "$STOPPING" ] || return 0
      start_silo "${name#silo-}"
      say "$name restarted (pid ${PIDS[-1]})."
    else
      say "$name exited; stopping the rest."
      return 0
    fi
  done
}

add_demo_websites() {
  local api="http://127.0.0.1:$HUB_PORT/api/websites"
  if [ "$(curl -fsS -H "Authorization: Bearer $ADMIN_KEY" "$api?limit=1")" != "[]" ]; then
    return
  fi
  say "Adding demo websites (served by the local demo target on port $DEMO_TARGET_PORT) and a maintenance window"
  local path extra
  for path in ok health slow flaky down status/502; do
    case "$path" in
      ok) extra='"name":"Demo: healthy","tags":["demo","healthy"]' ;;
      # A keyword and two JSON assertions: Up only while the body says so, not merely while it answers 200.
      health) extra='"name":"Demo: API health","tags":["demo","healthy"],"check":{"assertions":[{"source":"body","operator":"contains","value":"\"status\""},{"source":"json","path":"status","operator":"==","value":"ok"},{"source":"json","path":"queue.depth","operator":"<","value":100}]}' ;;
      slow) extra='"name":"Demo: slow","tags":["demo","slow"]' ;;
      # /flaky fails a third of the requests: three failing rounds before Down keep its random blips from paging anyone.
      flaky) extra='"name":"Demo: flaky","tags":["demo","flaky"],"failingRounds":3' ;;
      down) extra='"name":"Demo: down","tags":["demo","down"]' ;;
      status/502) extra='"name":"Demo: under maintenance","tags":["demo","maintenance"]' ;;
    esac
    curl -fsS -o "$DATA/last-website.json" -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN_KEY" \
      -d "{\"url\":\"http://127.0.0.1:$DEMO_TARGET_PORT/$path\",\"interval\":10,$extra}" "$api"
  done
  local id
  id="$(sed -E 's/^\{"id":"([^"]+)".*/\1/' "$DATA/last-website.json")"
  curl -fsS -o /dev/null -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN_KEY" \
    -d "{\"name\":\"Demo: planned work on /status/502\",\"startsAt\":\"$(date -u +%FT%TZ)\",\"endsAt\":\"$(date -u -d '+1 day' +%FT%TZ)\",\"websiteIds\":[\"$id\"]}" \
    "http://127.0.0.1:$HUB_PORT/api/maintenance-windows"
  rm -f "$DATA/last-website.json"
  add_demo_push_monitor
  add_demo_alerts
}

# A push monitor for a "nightly job": the demo target pushes to its URL (written to .data/push-url) every 5 s.
add_demo_push_monitor() {
  curl -fsS -o "$DATA/push-website.json" -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN_KEY" \
    -d '{"type":"push","interval":10,"check":{"graceSeconds":5},"name":"Demo: nightly job","tags":["demo","push"]}' \
    "http://127.0.0.1:$HUB_PORT/api/websites"
  sed -E 's/.*"pushUrl":"([^"]+)".*/\1/' "$DATA/push-website.json" > "$DATA/push-url.tmp"
  mv "$DATA/push-url.tmp" "$DATA/push-url"
  rm -f "$DATA/push-website.json"
}

# A webhook channel to the demo target's /alerts (which prints each alert) and a default policy for every website.
add_demo_alerts() {
  say "Adding a demo alert channel: the demo target prints each alert ([target] 🔔 …)"
  curl -fsS -o "$DATA/last-channel.json" -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN_KEY" \
    -d "{\"name\":\"Demo: webhook to the demo target\",\"type\":\"webhook\",\"settings\":{\"url\":\"http://127.0.0.1:$DEMO_TARGET_PORT/alerts\",\"secret\":\"$ALERT_SECRET\"}}" \
    "http://127.0.0.1:$HUB_PORT/api/notification-channels"
  local id
  id="$(sed -E 's/^\{"id":"([^"]+)".*/\1/' "$DATA/last-channel.json")"
  curl -fsS -o /dev/null -H 'Content-Type: application/json' -H "Authorization: Bearer $ADMIN_KEY" \
    -d "{\"name\":\"Demo: every website\",\"isDefault\":true,\"channelIds\":[\"$id\"]}" \
    "http://127.0.0.1:$HUB_PORT/api/notification-policies"
  rm -f "$DATA/last-channel.json"
}

build() { # projects or the solution
  say "Building ($CONFIGURATION)…"
  local target
  for target in "$@"; do
    dotnet build "$ROOT/$target" -c "$CONFIGURATION" --nologo -v quiet -clp:ErrorsOnly
  done
}

cmd_up() {
  ensure_tools
  build Hub.Silo Validator.Agent tools/Uptime.DemoTarget
  trap cleanup EXIT INT TERM
  start_postgres
  local out="bin/$CONFIGURATION/net10.0"
  ensure_alert_secret
  start target env ASPNETCORE_URLS="http://127.0.0.1:$DEMO_TARGET_PORT" DEMO_ALERT_SECRET="$ALERT_SECRET" DEMO_PUSH_URL_FILE="$DATA/push-url" \
    dotnet "$ROOT/tools/Uptime.DemoTarget/$out/Uptime.DemoTarget.dll"
  ensure_admin_key
  hub_env "$HUB_PORT"
  start hub env "${HUB_ENV[@]}" HUB_LISTEN_IP="${HUB_LISTEN_IP:-127.0.0.1}" \
    dotnet "$ROOT/Hub.Silo/$out/Uptime.Hub.Silo.dll"
  wait_for_http "http://127.0.0.1:$HUB_PORT/readyz" 90
  add_demo_websites
  start_agent us-east "US-East Virginia" "ws://127.0.0.1:$HUB_PORT"
  start_agent us-west "US-West California" "ws://127.0.0.1:$HUB_PORT"
  start_agent eu-west "EU-West Ireland" "ws://127.0.0.1:$HUB_PORT"
  banner "Running. Look at:
  dashboard                http://127.0.0.1:$HUB_PORT/   (admin key for writes and log-in: $ADMIN_KEY, kept in .data/admin.key)
  websites + live status   http://127.0.0.1:$HUB_PORT/api/websites
  validators               http://127.0.0.1:$HUB_PORT/api/validators
  ticks of one website     http://127.0.0.1:$HUB_PORT/api/websites/<id>/ticks
  alerts                   printed below by the demo target ([target] 🔔 …); channels: http://127.0.0.1:$HUB_PORT/api/notification-channels
  push monitor             \"Demo: nightly job\": the demo target pushes to $(cat "$DATA/push-url" 2>/dev/null) every 5 s
  database                 psql $DATABASE_URL
Per-check lines: UPTIME_CHECK_LOGS=1 ./uptime.sh up. This text again: cat .data/banner.txt. Ctrl-C stops everything."
  supervise
}

start_silo() { # 1..3
  hub_env $((HUB_PORT + $1))
  start "silo-$1" env "${HUB_ENV[@]}" HUB_SILO_PORT=$((SILO_PORT_BASE + $1)) HUB_GATEWAY_PORT=$((GATEWAY_PORT_BASE + $1)) \
    HUB_LISTEN_IP=127.0.0.1 HUB_TRUSTED_PROXIES=127.0.0.1 \
    dotnet "$ROOT/Hub.Silo/bin/$CONFIGURATION/net10.0/Uptime.Hub.Silo.dll"
}

cmd_cluster() {
  ensure_tools haproxy
  build Hub.Silo Validator.Agent tools/Uptime.DemoTarget
  trap cleanup EXIT INT TERM
  start_postgres
  local out="bin/$CONFIGURATION/net10.0" i ports=() silos=""
  ensure_admin_key
  ensure_alert_secret
  start target env ASPNETCORE_URLS="http://127.0.0.1:$DEMO_TARGET_PORT" DEMO_ALERT_SECRET="$ALERT_SECRET" DEMO_PUSH_URL_FILE="$DATA/push-url" \
    dotnet "$ROOT/tools/Uptime.DemoTarget/$out/Uptime.DemoTarget.dll"
  for i in 1 2 3; do
    ports+=($((HUB_PORT + i)))
    start_silo "$i"
    silos+="silo-$i=${PIDS[-1]} "
  done
  for i in 1 2 3; do wait_for_http "http://127.0.0.1:$((HUB_PORT + i))/readyz" 90; done
  render_haproxy "$DATA/haproxy.cfg" "$HUB_PORT" "${ports[@]}"
  start haproxy /usr/sbin/haproxy -db -f "$DATA/haproxy.cfg"
  wait_for_http "http://127.0.0.1:$HUB_PORT/readyz" 30
  add_demo_websites
  start_agent us-east "US-East Virginia" "ws://127.0.0.1:$HUB_PORT"
  start_agent eu-west "EU-West Ireland" "ws://127.0.0.1:$HUB_PORT"
  banner "Running: three silos (127.0.0.1:${ports[*]}) behind HAProxy at http://127.0.0.1:$HUB_PORT (admin key: .data/admin.key)
Silos: $silos
Kill one (kill -9 <pid>) and watch its validators reconnect to the others; it is restarted after $SILO_RESTART_DELAY s.
This text again: cat .data/banner.txt. Ctrl-C stops everything."
  supervise
}

cmd_bench() { # arguments go to the benchmark, which starts (and stops) everything itself
  ensure_tools haproxy nginx
  build Hub.Silo Validator.Agent bench/Uptime.Bench
  exec dotnet "$ROOT/bench/Uptime.Bench/bin/$CONFIGURATION/net10.0/Uptime.Bench.dll" "$@"
}

cmd_test() {
  ensure_tools haproxy nginx chromium
  build Uptime.sln
  local log status=0
  log="$(mktemp)"
  dotnet test "$ROOT/Uptime.sln" -c "$CONFIGURATION" --no-build --nologo -m:1 2>&1 | tee "$log" || status=$?
  # One closing line for the whole suite, summed over the test projects.
  awk '/(Passed|Failed)! +- +Failed:/ {
         gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
       }
       END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
  rm -f "$log"
  return "$status"
}

case "${1:-}" in
  up) cmd_up ;;
  test) cmd_test ;;
  cluster) cmd_cluster ;;
  bench) shift; cmd_bench "$@" ;;
  *) echo "usage: $0 up | test | cluster | bench [options]" >&2; exit 2 ;;
esac
