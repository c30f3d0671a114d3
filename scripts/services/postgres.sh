# scripts/services/postgres.sh — PostgreSQL from Debian's packages on 127.0.0.1:$PG_PORT
# (sourced by scripts/services.sh).  Superuser role `echo`, database `echo`, trust auth over
# loopback and the socket under $SERVICES_DIR/pg/run; fsync off (throwaway test data).

PG_PORT="${PG_PORT:-55432}"
PG_OS_USER="${PG_OS_USER:-postgres}"
PG_DB=echo
PG_ROLE=echo

PG_BASE="$SERVICES_DIR/pg"
PG_DATA="$PG_BASE/data"
PG_SOCK="$PG_BASE/run"
PG_LOG="$PG_BASE/postgres.log"

PG_BIN=
find_pg_bin() {
  local d
  PG_BIN="$(for d in /usr/lib/postgresql/*/bin; do
      [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && printf '%s\n' "$d"
    done | sort -V | tail -n 1)"
}

ensure_pg_installed() {
  find_pg_bin
  if [ -z "$PG_BIN" ]; then
    say "postgres: installing from Debian (apt-get install postgresql) ..."
    # Don't let the package create/start its own cluster on 5432.
    mkdir -p /etc/postgresql-common/createcluster.d
    printf 'create_main_cluster = false\n' >/etc/postgresql-common/createcluster.d/echo-services.conf
    apt_install postgresql postgresql-client
    find_pg_bin
    [ -n "$PG_BIN" ] || die "postgres: initdb/pg_ctl still missing after apt-get install"
  fi
  ensure_os_user "$PG_OS_USER" "$PG_BASE"
}

pg_ctl_() { as_user "$PG_OS_USER" "$PG_BIN/pg_ctl" -D "$PG_DATA" "$@"; }

pg_running() {
  [ -n "$PG_BIN" ] || find_pg_bin
  [ -n "$PG_BIN" ] && [ -s "$PG_DATA/PG_VERSION" ] && pg_ctl_ status >/dev/null 2>&1
}

pg_psql() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$PG_SOCK" -p "$PG_PORT" -U postgres "$@"; }

start_pg() {
  ensure_pg_installed
  if pg_running; then
    say "postgres: already running on 127.0.0.1:$PG_PORT"
    return 0
  fi
  mkdir -p "$PG_BASE" "$PG_SOCK"
  if is_root; then chown "$PG_OS_USER:" "$PG_BASE" "$PG_SOCK"; fi
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    rm -rf "$PG_DATA"
    as_user "$PG_OS_USER" "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust \
      -E UTF8 --locale=C.UTF-8 >"$PG_BASE/initdb.log" 2>&1 \
      || { tail_log "$PG_BASE/initdb.log"; die "postgres: initdb failed"; }
    # Trust, but only over the socket in the state dir and IPv4 loopback.
    printf '%s\n' 'local all all trust' 'host all all 127.0.0.1/32 trust' \
      'local replication all trust' 'host replication all 127.0.0.1/32 trust' \
      >"$PG_DATA/pg_hba.conf"
  fi
  # Settings passed per start so PG_PORT / SERVICES_DIR overrides always apply.
  # fsync & co. off: throwaway test data, much faster test-database creation.
  local opts="-c listen_addresses=127.0.0.1 -c port=$PG_PORT"
  opts+=" -c unix_socket_directories=$PG_SOCK -c fsync=off -c synchronous_commit=off"
  opts+=" -c full_page_writes=off -c max_connections=200"
  if ! pg_ctl_ -l "$PG_LOG" -w -t 60 -o "$opts" start >/dev/null 2>&1; then
    tail_log "$PG_LOG"
    die "postgres: failed to start on 127.0.0.1:$PG_PORT"
  fi
  local i
  for i in $(seq 1 30); do
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break
    sleep 1
  done
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" \
    || { tail_log "$PG_LOG"; die "postgres: not answering on 127.0.0.1:$PG_PORT"; }
  # Superuser role (pytest-django creates test databases and extensions) + database.
  if [ "$(pg_psql -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ROLE'")" != 1 ]; then
    pg_psql -d postgres -c "CREATE ROLE $PG_ROLE LOGIN SUPERUSER CREATEDB CREATEROLE"
  fi
  if [ "$(pg_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != 1 ]; then
    pg_psql -d postgres -c "CREATE DATABASE $PG_DB OWNER $PG_ROLE"
  fi
  say "postgres: listening on 127.0.0.1:$PG_PORT (db $PG_DB, superuser $PG_ROLE, trust)"
}

stop_pg() {
  if pg_running; then
    pg_ctl_ -m fast -w -t 60 stop >/dev/null
    say "postgres: stopped"
  else
    say "postgres: not running"
  fi
}

status_pg() {
  if pg_running; then
    say "postgres: running on 127.0.0.1:$PG_PORT (pid $(head -n 1 "$PG_DATA/postmaster.pid"), data $PG_DATA)"
  else
    say "postgres: stopped"; return 1
  fi
}

env_pg() { say "export DATABASE_URL=postgres://$PG_ROLE@127.0.0.1:$PG_PORT/$PG_DB"; }
