# A local mail catcher for scripts/run: npm's MailDev, version pinned below, installed into .local/maildev on first
# use (and again when the pin changes). Source this file, do not execute it:
#
#   source scripts/lib/maildev.sh
#   start_maildev      # starts it on 127.0.0.1; sets MAILDEV_SMTP_PORT, MAILDEV_WEB_PORT, MAILDEV_PID
#   stop_maildev
#
# Both ports are on the loopback address only: the SMTP port from 1025, the web inbox from 1080, each the first free
# one. Messages are kept in .local/maildev/mail, so the inbox survives a restart. Like postgres.sh, this file leaves the
# caller's shell options alone.

MAILDEV_VERSION=3.0.0

_maildev_lib_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
_MAILDEV_DIR="$(cd "$_maildev_lib_dir/../.." && pwd -P)/.local/maildev"
unset _maildev_lib_dir

_maildev_log() { printf 'maildev: %s\n' "$*" >&2; }

# True if something accepts TCP connections on 127.0.0.1, port $1.
_maildev_port_busy() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

_maildev_free_port() {
  local port="$1"
  while _maildev_port_busy "$port"; do
    port=$((port + 1))
    ((port < $1 + 100)) || { _maildev_log "no free port from $1 to $((port - 1))"; return 1; }
  done
  printf '%s' "$port"
}

_maildev_install() {
  local installed=""
  [[ -f "$_MAILDEV_DIR/node_modules/maildev/package.json" ]] &&
    installed="$(sed -nE 's/^[[:space:]]*"version":[[:space:]]*"([^"]+)".*/\1/p' "$_MAILDEV_DIR/node_modules/maildev/package.json" | head -n 1)"
  [[ "$installed" == "$MAILDEV_VERSION" ]] && return 0
  if ! command -v npm >/dev/null 2>&1; then
    if [[ "$(id -u)" -ne 0 ]]; then
      _maildev_log "npm is missing; install Debian's 'nodejs' and 'npm' packages (Node.js 20 or later) and retry"
      return 1
    fi
    _maildev_log "npm not found; installing Debian's nodejs and npm"
    DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm >&2 || return 1
  fi
  _maildev_log "installing maildev $MAILDEV_VERSION into ${_MAILDEV_DIR}"
  mkdir -p "$_MAILDEV_DIR"
  NO_UPDATE_NOTIFIER=1 npm install --prefix "$_MAILDEV_DIR" --no-audit --no-fund --loglevel=error --save-exact "maildev@$MAILDEV_VERSION" >&2
}

start_maildev() {
  _maildev_install || return 1
  MAILDEV_SMTP_PORT="$(_maildev_free_port 1025)" || return 1
  MAILDEV_WEB_PORT="$(_maildev_free_port 1080)" || return 1
  mkdir -p "$_MAILDEV_DIR/mail"
  "$_MAILDEV_DIR/node_modules/.bin/maildev" --ip 127.0.0.1 --smtp "$MAILDEV_SMTP_PORT" \
    --web-ip 127.0.0.1 --web "$MAILDEV_WEB_PORT" --mail-directory "$_MAILDEV_DIR/mail" \
    --hide-extensions STARTTLS >"$_MAILDEV_DIR/maildev.log" 2>&1 &
  MAILDEV_PID=$!
  local waited=0
  until _maildev_port_busy "$MAILDEV_WEB_PORT" && _maildev_port_busy "$MAILDEV_SMTP_PORT"; do
    if ! kill -0 "$MAILDEV_PID" 2>/dev/null || ((waited >= 30)); then
      _maildev_log "MailDev did not start; its log, $_MAILDEV_DIR/maildev.log, says:"
      tail -n 20 "$_MAILDEV_DIR/maildev.log" >&2
      stop_maildev
      return 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  export MAILDEV_SMTP_PORT MAILDEV_WEB_PORT MAILDEV_PID
}

stop_maildev() {
  if [[ -n "${MAILDEV_PID:-}" ]] && kill -0 "$MAILDEV_PID" 2>/dev/null; then
    kill "$MAILDEV_PID" 2>/dev/null
    wait "$MAILDEV_PID" 2>/dev/null
  fi
  MAILDEV_PID=""
}
