# scripts/services/redis.sh — Redis from Debian's packages (redis-server) on
# 127.0.0.1:$REDIS_PORT, run as the unprivileged `redis` user with its config, log, pid and
# data under $SERVICES_DIR/redis (sourced by scripts/services.sh).  It is the shared Django
# cache: no persistence (save "", no AOF), evicts least-recently-used keys at REDIS_MAXMEMORY.

REDIS_PORT="${REDIS_PORT:-56379}"
REDIS_OS_USER="${REDIS_OS_USER:-redis}"
REDIS_MAXMEMORY="${REDIS_MAXMEMORY:-256mb}"
REDIS_BASE="$SERVICES_DIR/redis"
REDIS_CONF="$REDIS_BASE/redis.conf"
REDIS_PIDFILE="$REDIS_BASE/run/redis.pid"
REDIS_LOG="$REDIS_BASE/redis.log"

ensure_redis_installed() {
  if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
    say "redis: installing from Debian (apt-get install redis-server) ..."
    # Keep the package from starting its own server on 6379: no service starts during
    # the install (policy-rc.d), unless the machine already has such a policy.
    local policy=/usr/sbin/policy-rc.d own_policy=
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod 755 "$policy"; own_policy=1
    fi
    apt_install redis-server || { [ -z "$own_policy" ] || rm -f "$policy"; die "redis: apt-get install failed"; }
    [ -z "$own_policy" ] || rm -f "$policy"
    command -v redis-server >/dev/null 2>&1 || die "redis: redis-server still missing after apt-get install"
  fi
  ensure_os_user "$REDIS_OS_USER" "$REDIS_BASE"
}

redis_pid() { pidfile_pid "$REDIS_PIDFILE" redis-server || port_pid "$REDIS_PORT" redis-server; }

redis_ping() { [ "$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = PONG ]; }

start_redis() {
  ensure_redis_installed
  if redis_pid >/dev/null; then
    say "redis: already running on 127.0.0.1:$REDIS_PORT"
    return 0
  fi
  if redis_ping; then die "redis: something else answers on 127.0.0.1:$REDIS_PORT"; fi
  mkdir -p "$REDIS_BASE/data" "$REDIS_BASE/run"
  # Rewritten on each start so REDIS_PORT / SERVICES_DIR overrides apply.
  cat >"$REDIS_CONF" <<CONF
bind 127.0.0.1
protected-mode yes
port $REDIS_PORT
daemonize yes
pidfile $REDIS_PIDFILE
logfile $REDIS_LOG
dir $REDIS_BASE/data
save ""
appendonly no
maxmemory $REDIS_MAXMEMORY
maxmemory-policy allkeys-lru
CONF
  : >"$REDIS_LOG"
  if is_root; then chown -R "$REDIS_OS_USER:" "$REDIS_BASE"; fi
  as_user "$REDIS_OS_USER" redis-server "$REDIS_CONF" </dev/null >/dev/null 2>&1 \
    || { tail_log "$REDIS_LOG"; die "redis: failed to start on 127.0.0.1:$REDIS_PORT"; }
  local i
  for i in $(seq 1 30); do
    redis_ping && break
    sleep 0.5
  done
  redis_ping || { tail_log "$REDIS_LOG"; die "redis: not answering on 127.0.0.1:$REDIS_PORT"; }
  say "redis: listening on 127.0.0.1:$REDIS_PORT ($(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p'))"
}

stop_redis() {
  local pid
  pid="$(redis_pid || true)"
  if [ -z "$pid" ]; then say "redis: not running"; return 0; fi
  stop_pid "$pid"
  rm -f "$REDIS_PIDFILE"
  say "redis: stopped"
}

status_redis() {
  local pid
  pid="$(redis_pid || true)"
  if [ -z "$pid" ]; then say "redis: stopped"; return 1; fi
  say "redis: running on 127.0.0.1:$REDIS_PORT (pid $pid, $(redis_ping && echo answering || echo not answering))"
}

env_redis() { say "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"; }
