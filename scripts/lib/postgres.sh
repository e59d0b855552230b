#!/usr/bin/env bash
# Local PostgreSQL for development and tests. Source this file, do not execute it:
#
#   source scripts/lib/postgres.sh
#   ensure_postgres dev             # install (if needed), init (if needed) and start the named cluster (dev, test, bench)
#   ensure_database registration    # create the database if missing
#   pg_connection_string registration
#
# Three clusters, never one for another, so that throwaway test settings cannot cost development data and a
# benchmark measures a server configured like production:
#   dev    <repo>/.local/postgres        durable (fsync on), ports from 55432: scripts/run, seed, migrate, soak
#   test   <repo>/.local/postgres-test   fsync off, ports from 55532: scripts/test, bench
#   bench  <repo>/.local/postgres-bench  durable, pg_stat_statements preloaded, JSON log (log/) beside the data,
#                                        ports from 55632: scripts/bench-http
# Each folder (git-ignored) holds data/, server.log, port, the Unix socket and admin-connection (the
# Npgsql connection string to database "postgres"; the test cluster's is read by the integration tests
# when `dotnet test` is run directly). A running cluster is reused only if it is the one asked for
# (its data directory) with that cluster's durability; a development cluster found running with fsync
# off (an older scripts/test started it) is restarted durable. PostgreSQL refuses to run as root, so
# as root the clusters belong to the "postgres" system user and every server command runs through runuser.
#
# This file deliberately does not `set -euo pipefail` (that would change the options of the shell
# sourcing it); the callers set it, and the functions check their own errors and return non-zero.

_pg_lib_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
REGISTRATION_REPO_ROOT="$(cd "$_pg_lib_dir/../.." && pwd -P)"
unset _pg_lib_dir

_PG_USER=registration        # the superuser initdb creates; the server trusts local TCP connections
_PG_PORT_RANGE=100           # ports tried from a cluster's first port on

_pg_log() { printf 'postgres: %s\n' "$*" >&2; }
_pg_die() { printf 'postgres: ERROR: %s\n' "$*" >&2; return 1; }

_pg_is_root() { [[ "$(id -u)" -eq 0 ]]; }

# Newest /usr/lib/postgresql/<version>/bin that has the server tools; prints nothing if none.
_pg_find_bin() {
  local dir best="" dirs
  mapfile -t dirs < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V)
  for dir in "${dirs[@]}"; do
    [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]] && best="$dir"
  done
  printf '%s' "$best"
}

_pg_install() {
  local -a sudo=()
  if ! _pg_is_root; then
    command -v sudo >/dev/null 2>&1 ||
      { _pg_die "PostgreSQL is not installed and you are not root (no sudo either); install Debian's 'postgresql' package and retry"; return 1; }
    sudo=(sudo)
  fi
  _pg_log "PostgreSQL server not found under /usr/lib/postgresql; installing it with apt-get"
  # sudo resets the environment, so DEBIAN_FRONTEND goes through env.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || { _pg_die "apt-get update failed"; return 1; }
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2 ||
    { _pg_die "apt-get install postgresql failed"; return 1; }
}

# As root: the system user that owns the cluster (Debian's package creates "postgres").
_pg_ensure_system_user() {
  getent passwd postgres >/dev/null && return 0
  _pg_log "creating system user 'postgres' to own the cluster"
  useradd --system --user-group --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin postgres ||
    { _pg_die "could not create system user 'postgres'"; return 1; }
}

# Runs a command as the cluster owner: runuser as root, directly otherwise. `cd /` avoids
# "could not change directory" warnings when the caller's directory is private (e.g. /root).
_pg_as_owner() {
  if _pg_is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Selects cluster $1 (dev or test): REGISTRATION_PG_CLUSTER, its folder name, first port and durability.
_pg_select_cluster() {
  case "${1:-}" in
    dev)  _PG_DIR_NAME=postgres;      _PG_FIRST_PORT=55432; _PG_FAST=0 ;;
    test) _PG_DIR_NAME=postgres-test; _PG_FIRST_PORT=55532; _PG_FAST=1 ;;
    bench) _PG_DIR_NAME=postgres-bench; _PG_FIRST_PORT=55632; _PG_FAST=0 ;;
    *) _pg_die "unknown cluster '${1:-}': say dev (durable, for scripts/run), test (fsync off, for scripts/test) or bench (durable, for scripts/bench-http)"; return 1 ;;
  esac
  REGISTRATION_PG_CLUSTER="$1"
}

# Sets REGISTRATION_PG_ROOT (cluster folder) and _PG_ADMIN_FILE. Normally <repo>/.local/<folder name>;
# as root, when the postgres user cannot reach the repo (e.g. it lives under /root, mode 700), or
# when the path is too long for a Unix socket (~107 bytes), a folder in /tmp instead.
_pg_resolve_root() {
  local local_dir="$REGISTRATION_REPO_ROOT/.local/$_PG_DIR_NAME"
  _PG_ADMIN_FILE="$local_dir/admin-connection"
  REGISTRATION_PG_ROOT="$local_dir"

  local reason=""
  if (( ${#local_dir} > 80 )); then
    reason="the repository path is too long for a Unix socket path"
  elif _pg_is_root && ! (cd / && runuser -u postgres -- test -x "$REGISTRATION_REPO_ROOT") 2>/dev/null; then
    # test -x on the path checks search permission on every parent directory as well.
    reason="user 'postgres' cannot traverse the directories above $REGISTRATION_REPO_ROOT"
  fi
  if [[ -n "$reason" ]]; then
    local hash
    hash="$(printf '%s' "$REGISTRATION_REPO_ROOT" | sha256sum | cut -c1-12)"
    REGISTRATION_PG_ROOT="/tmp/registration-$_PG_DIR_NAME-$hash"
    [[ "${_PG_ROOT_ANNOUNCED:-}" == "$REGISTRATION_PG_ROOT" ]] ||
      _pg_log "$reason; keeping the $REGISTRATION_PG_CLUSTER cluster in $REGISTRATION_PG_ROOT instead of .local/$_PG_DIR_NAME"
    _PG_ROOT_ANNOUNCED="$REGISTRATION_PG_ROOT"
  fi
  REGISTRATION_PG_DATA="$REGISTRATION_PG_ROOT/data"
}

# Creates the cluster folder; as root, makes it owned by postgres (only when it is not already,
# so the second call stays fast).
_pg_prepare_root() {
  mkdir -p "$REGISTRATION_PG_ROOT" "$(dirname "$_PG_ADMIN_FILE")" || { _pg_die "cannot create $REGISTRATION_PG_ROOT"; return 1; }
  if _pg_is_root; then
    # A restrictive umask would make .local unreadable for postgres.
    [[ "$REGISTRATION_PG_ROOT" == "$REGISTRATION_REPO_ROOT"/* ]] && chmod a+x "$REGISTRATION_REPO_ROOT/.local"
    local owner
    owner="$(stat -c %U "$REGISTRATION_PG_ROOT")"
    if [[ "$owner" != postgres ]]; then
      if [[ "$REGISTRATION_PG_ROOT" == /tmp/* && "$owner" != root ]]; then
        _pg_die "$REGISTRATION_PG_ROOT belongs to '$owner', not to root or postgres; remove it and retry"; return 1
      fi
      _pg_log "giving $REGISTRATION_PG_ROOT to user 'postgres' (PostgreSQL refuses to run as root)"
      chown -R postgres: "$REGISTRATION_PG_ROOT" || { _pg_die "chown failed"; return 1; }
    fi
    chmod 700 "$REGISTRATION_PG_ROOT"
  fi
}

_pg_initdb() {
  local -a locale_args=(--locale=C.UTF-8)
  if ! locale -a 2>/dev/null | grep -qiE '^c\.utf-?8$'; then
    locale_args=(--no-locale)
  fi
  _pg_log "initializing a new cluster in $REGISTRATION_PG_DATA (${locale_args[*]})"
  _pg_as_owner "$REGISTRATION_PG_BIN/initdb" -D "$REGISTRATION_PG_DATA" --auth=trust -U "$_PG_USER" \
      --encoding=UTF8 "${locale_args[@]}" >"$REGISTRATION_PG_ROOT/initdb.log" 2>&1 || {
    cat "$REGISTRATION_PG_ROOT/initdb.log" >&2
    # Leave no half-initialized data dir behind, or the next call would try to start it.
    rm -rf "$REGISTRATION_PG_DATA"
    _pg_die "initdb failed (output above)"; return 1
  }
}

_pg_is_running() {
  [[ -f "$REGISTRATION_PG_DATA/postmaster.pid" ]] &&
    _pg_as_owner "$REGISTRATION_PG_BIN/pg_ctl" -D "$REGISTRATION_PG_DATA" status >/dev/null 2>&1
}

# True if something accepts TCP connections on 127.0.0.1:$1.
_pg_port_busy() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# Ports the server could not bind although nothing listened on them: a client socket (any outgoing connection's
# ephemeral port, these ports lie in Linux's ephemeral range) holds them without accepting connections.
_PG_UNBINDABLE_PORTS=" "

_pg_port_usable() {
  [[ "$_PG_UNBINDABLE_PORTS" != *" $1 "* ]] && ! _pg_port_busy "$1"
}

_pg_free_port() {
  local port previous=""
  [[ -f "$REGISTRATION_PG_ROOT/port" ]] && previous="$(<"$REGISTRATION_PG_ROOT/port")"
  # Prefer last time's port so connection strings stay stable across restarts.
  if [[ "$previous" =~ ^[0-9]+$ ]] && _pg_port_usable "$previous"; then
    printf '%s' "$previous"; return 0
  fi
  for ((port = _PG_FIRST_PORT; port < _PG_FIRST_PORT + _PG_PORT_RANGE; port++)); do
    _pg_port_usable "$port" && { printf '%s' "$port"; return 0; }
  done
  _pg_die "no free TCP port between $_PG_FIRST_PORT and $((_PG_FIRST_PORT + _PG_PORT_RANGE - 1))"
}

# Settings go to registration.conf (rewritten at every start, included from postgresql.conf); the
# test cluster trades durability for speed.
_pg_write_config() {
  local port="$1" conf="$REGISTRATION_PG_DATA/registration.conf"
  {
    echo "# Written by scripts/lib/postgres.sh at every start; edits are lost."
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$REGISTRATION_PG_ROOT'"
    echo "max_connections = 300   # the integration tests open many databases in parallel"
    if [[ "$_PG_FAST" == 1 ]]; then
      echo "# The $REGISTRATION_PG_CLUSTER cluster holds throwaway data: trade durability for speed"
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    fi
    if [[ "$REGISTRATION_PG_CLUSTER" == bench ]]; then
      echo "# The bench cluster: durable like production, and it shows where the time goes"
      echo "shared_preload_libraries = 'pg_stat_statements'"
      echo "pg_stat_statements.max = 10000"
      echo "track_io_timing = on"
      echo "logging_collector = on"
      echo "log_destination = 'stderr,jsonlog'"
      echo "log_directory = '$REGISTRATION_PG_ROOT/log'"
      echo "log_filename = 'postgresql-%Y%m%d-%H%M%S.log'"
      echo "log_rotation_age = 0    # one file per start: scripts/bench-http reads the statements it captures from it"
      echo "log_rotation_size = 0"
      echo "log_autovacuum_min_duration = 0"
    fi
  } >"$conf" || { _pg_die "cannot write $conf"; return 1; }
  grep -q "^include_if_exists = 'registration.conf'" "$REGISTRATION_PG_DATA/postgresql.conf" ||
    echo "include_if_exists = 'registration.conf'" >>"$REGISTRATION_PG_DATA/postgresql.conf"
  _pg_is_root && chown postgres: "$conf"
  return 0
}

_pg_start() {
  local attempt port
  for attempt in 1 2 3 4 5; do
    port="$(_pg_free_port)" || return 1
    _pg_write_config "$port" || return 1
    _pg_log "starting the $REGISTRATION_PG_CLUSTER server on 127.0.0.1:$port ($(_pg_mode); log: $REGISTRATION_PG_ROOT/server.log)"
    if _pg_as_owner "$REGISTRATION_PG_BIN/pg_ctl" -D "$REGISTRATION_PG_DATA" -l "$REGISTRATION_PG_ROOT/server.log" \
         -w -t 60 start >/dev/null; then
      REGISTRATION_PG_STARTED=1
      return 0
    fi
    # Another process may have taken the port between the probe and the start: try again.
    tail -n 5 "$REGISTRATION_PG_ROOT/server.log" >&2 2>/dev/null
    tail -n 20 "$REGISTRATION_PG_ROOT/server.log" 2>/dev/null | grep -q 'could not bind' || break
    _PG_UNBINDABLE_PORTS+="$port "
    _pg_log "port $port could not be bound (taken meanwhile, or held by a client socket); trying another (attempt $attempt)"
  done
  _pg_die "pg_ctl start failed; see $REGISTRATION_PG_ROOT/server.log"
}

# Prints the Npgsql connection string for database $1 on the local cluster.
pg_connection_string() {
  local db="${1:?usage: pg_connection_string DBNAME}"
  printf 'Host=%s;Port=%s;Username=%s;Database=%s\n' \
    "${REGISTRATION_PG_HOST:?call ensure_postgres first}" "${REGISTRATION_PG_PORT:?call ensure_postgres first}" "$_PG_USER" "$db"
}

# psql against the local cluster as the superuser; extra arguments are passed through.
pg_psql() {
  "$REGISTRATION_PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$REGISTRATION_PG_HOST" -p "$REGISTRATION_PG_PORT" -U "$_PG_USER" "$@"
}

# What the selected cluster's durability is, in words.
_pg_mode() { if [[ "$_PG_FAST" == 1 ]]; then echo "fsync off"; else echo "durable"; fi; }

# Waits until the server of the selected cluster answers on port $1.
_pg_wait_ready() {
  local i
  for ((i = 0; i < 100; i++)); do
    "$REGISTRATION_PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1" && return 0
    sleep 0.2
  done
  _pg_die "the $REGISTRATION_PG_CLUSTER server on 127.0.0.1:$1 does not answer (see $REGISTRATION_PG_ROOT/server.log; a stale postmaster.pid?)"
}

# Prints "<data directory>|<fsync>|<shared_preload_libraries>|<logging_collector>" of the server on port $1.
_pg_server_identity() {
  "$REGISTRATION_PG_BIN/psql" -X -q -tA -h 127.0.0.1 -p "$1" -U "$_PG_USER" -d postgres \
    -c "SELECT concat_ws('|', current_setting('data_directory'), current_setting('fsync'), current_setting('shared_preload_libraries'), current_setting('logging_collector'))"
}

# What the selected cluster's settings that need a restart must be: "<fsync>|<shared_preload_libraries>|<logging_collector>".
_pg_expected_settings() {
  if [[ "$REGISTRATION_PG_CLUSTER" == bench ]]; then echo "on|pg_stat_statements|on"
  elif [[ "$_PG_FAST" == 1 ]]; then echo "off||off"
  else echo "on||off"
  fi
}

# ensure_postgres dev|test|bench: installs PostgreSQL (if needed), initializes (if needed) and starts that
# cluster, or reuses it if it already runs as that cluster. Exports REGISTRATION_PG_HOST/PORT etc.
ensure_postgres() {
  _pg_select_cluster "${1:-}" || return 1
  REGISTRATION_PG_BIN="$(_pg_find_bin)"
  if [[ -z "$REGISTRATION_PG_BIN" ]]; then
    _pg_install || return 1
    REGISTRATION_PG_BIN="$(_pg_find_bin)"
    [[ -n "$REGISTRATION_PG_BIN" ]] || { _pg_die "installed 'postgresql' but found no initdb/pg_ctl under /usr/lib/postgresql/*/bin"; return 1; }
  fi
  _pg_log "using $REGISTRATION_PG_BIN"
  if _pg_is_root; then _pg_ensure_system_user || return 1; fi

  _pg_resolve_root || return 1
  _pg_prepare_root || return 1
  [[ -f "$REGISTRATION_PG_DATA/PG_VERSION" ]] || _pg_initdb || return 1

  local port identity expected
  expected="$(_pg_expected_settings)"
  REGISTRATION_PG_STARTED=0
  if _pg_is_running; then
    # Line 4 of postmaster.pid is the port the running server listens on.
    port="$(sed -n 4p "$REGISTRATION_PG_DATA/postmaster.pid")"
    _pg_wait_ready "$port" || return 1
    identity="$(_pg_server_identity "$port")" || { _pg_die "cannot query the server on 127.0.0.1:$port"; return 1; }
    if [[ "${identity%%|*}" != "$(cd "$REGISTRATION_PG_DATA" && pwd -P)" ]]; then
      _pg_die "127.0.0.1:$port is not the $REGISTRATION_PG_CLUSTER cluster (it serves ${identity%%|*}, not $REGISTRATION_PG_DATA); stop that server and retry"
      return 1
    fi
    if [[ "${identity#*|}" != "$expected" ]]; then
      _pg_log "the $REGISTRATION_PG_CLUSTER server runs with fsync|preload|collector = ${identity#*|}, not $expected (an older script started it); restarting it $(_pg_mode)"
      _pg_as_owner "$REGISTRATION_PG_BIN/pg_ctl" -D "$REGISTRATION_PG_DATA" -m fast -w stop >/dev/null ||
        { _pg_die "pg_ctl stop failed"; return 1; }
      _pg_start || return 1
      port="$(sed -n 4p "$REGISTRATION_PG_DATA/postmaster.pid")"
    else
      _pg_log "$REGISTRATION_PG_CLUSTER server already running on 127.0.0.1:$port ($(_pg_mode)); reusing it"
    fi
  else
    _pg_start || return 1
    port="$(sed -n 4p "$REGISTRATION_PG_DATA/postmaster.pid")"
  fi
  _pg_wait_ready "$port" || return 1

  export REGISTRATION_PG_HOST=127.0.0.1 REGISTRATION_PG_PORT="$port"
  export REGISTRATION_PG_BIN REGISTRATION_PG_ROOT REGISTRATION_PG_DATA REGISTRATION_PG_STARTED REGISTRATION_PG_CLUSTER
  printf '%s' "$port" >"$REGISTRATION_PG_ROOT/port"
  pg_connection_string postgres | tr -d '\n' >"$_PG_ADMIN_FILE"
  if _pg_is_root; then chown postgres: "$REGISTRATION_PG_ROOT/port"; chmod 644 "$_PG_ADMIN_FILE"; fi
  _pg_log "ready: $(pg_connection_string postgres) (also in ${_PG_ADMIN_FILE#"$REGISTRATION_REPO_ROOT"/})"
}

# Creates database $1 on the local cluster unless it exists. Requires ensure_postgres.
ensure_database() {
  local db="${1:?usage: ensure_database NAME}"
  [[ "$db" =~ ^[A-Za-z0-9_-]+$ ]] || { _pg_die "unsupported database name '$db'"; return 1; }
  local exists
  exists="$(pg_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" || return 1
  if [[ "$exists" == 1 ]]; then
    _pg_log "database '$db' exists"
  else
    _pg_log "creating database '$db'"
    pg_psql -d postgres -c "CREATE DATABASE \"$db\"" || { _pg_die "could not create database '$db'"; return 1; }
  fi
}

# stop_postgres dev|test|bench: stops that cluster if it runs (pg_ctl stop -m fast). Never installs anything.
stop_postgres() {
  _pg_select_cluster "${1:-}" || return 1
  REGISTRATION_PG_BIN="$(_pg_find_bin)"
  _pg_resolve_root
  if [[ -z "$REGISTRATION_PG_BIN" || ! -f "$REGISTRATION_PG_DATA/PG_VERSION" ]]; then
    _pg_log "no local $REGISTRATION_PG_CLUSTER cluster (nothing to stop)"; return 0
  fi
  if ! _pg_is_running; then
    _pg_log "the $REGISTRATION_PG_CLUSTER cluster in $REGISTRATION_PG_DATA is not running"; return 0
  fi
  _pg_log "stopping the $REGISTRATION_PG_CLUSTER server in $REGISTRATION_PG_DATA"
  _pg_as_owner "$REGISTRATION_PG_BIN/pg_ctl" -D "$REGISTRATION_PG_DATA" -m fast -w stop >/dev/null ||
    { _pg_die "pg_ctl stop failed"; return 1; }
}
