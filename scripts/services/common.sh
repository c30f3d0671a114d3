# scripts/services/common.sh — shared by the services scripts (sourced by scripts/services.sh).
# Settings every service reads, and the helpers: messages, running as a service user, apt-get.

SERVICES_DIR="$(realpath -m "${SERVICES_DIR:-/tmp/echo-services}")"
SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

say() { printf '%s\n' "$*"; }
die() { printf 'services.sh: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# Run a command as a service user when root; as ourselves otherwise.
as_user() {
  local user="$1"; shift
  # 9>&-: daemons must not inherit the lock (see scripts/services.sh).
  if is_root; then runuser -u "$user" -- "$@" 9>&-; else "$@" 9>&-; fi
}

# A system user for a service (no home, no shell), when root and it does not exist yet.
ensure_os_user() {  # user home
  if is_root && ! id -u "$1" >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir "$2" --shell /usr/sbin/nologin "$1"
  fi
}

APT_UPDATED=
apt_install() {
  is_root || die "need root to apt-get install $*"
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "$APT_UPDATED" ]; then apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null </dev/null
}

tail_log() {  # file [lines]
  [ -f "$1" ] || return 0
  printf -- '--- last lines of %s ---\n' "$1" >&2
  tail -n "${2:-40}" "$1" >&2 || true
}

# The pid listening on a TCP port, when its command line contains a pattern.
port_pid() {  # port pattern
  local pid
  pid="$(ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1)"
  [ -n "$pid" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2" || return 1
  printf '%s\n' "$pid"
}

# The pid in a pid file, when alive and its command line contains a pattern.
pidfile_pid() {  # pidfile pattern
  local pid
  [ -s "$1" ] || return 1
  pid="$(head -n 1 "$1" 2>/dev/null)" || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "$2" || return 1
  printf '%s\n' "$pid"
}

# TERM, wait up to a minute, then KILL.
stop_pid() {  # pid
  kill -TERM "$1" 2>/dev/null || true
  local i
  for i in $(seq 1 60); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 1
  done
  kill -KILL "$1" 2>/dev/null || true
  sleep 1
}
