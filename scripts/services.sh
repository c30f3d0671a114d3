#!/usr/bin/env bash
# scripts/services.sh — the project's servers on 127.0.0.1 only, for the test suite, CI, the
# benchmarks and `make serve-prod`: PostgreSQL, Elasticsearch (one node, or two as a
# cluster) and Redis.  Idempotent; run as root, the servers run as unprivileged users.
# One script per service under scripts/services/ (common.sh, postgres.sh, elasticsearch.sh,
# redis.sh); this is their single entry point.
#
#   scripts/services.sh start|stop|status|env
#   scripts/services.sh start-pg|stop-pg|start-es|stop-es|start-es2|stop-es2|start-redis|stop-redis
#   eval "$(scripts/services.sh env)"   # DATABASE_URL, ELASTICSEARCH_URL, REDIS_URL
#                                       # (+ ELASTICSEARCH_URLS while node 2 runs)
#
# `start` starts PostgreSQL, Elasticsearch node 1 and Redis (and node 2 with ES_NODES=2), and
# installs the benchmarks' tools (wrk) when missing;
# `stop` stops everything, node 2 included.  `stop-es` stops node 1 only.
#
# Environment (all optional):
#   SERVICES_DIR=/tmp/echo-services (data, logs, pids)  ES_NODES=1
#   PG_PORT=55432  ES_PORT=59200 (node 2: ES2_PORT=ES_PORT+1)  REDIS_PORT=56379
#   ES_TRANSPORT_PORT=ES_PORT+100 (node 2: ES2_TRANSPORT_PORT=ES_TRANSPORT_PORT+1)
#   ES_CACHE=~/.cache/echo-services (downloaded zip, built plugin)  ES_VERSION  ES_JAVA_HOME
#   ES_TIMEOUT=120 (seconds to wait for a node)  REDIS_MAXMEMORY=256mb
#   ES_JAVA_OPTS (default: -Xms512m -Xmx1g -XX:TieredStopAtLevel=1 -XX:-AlwaysPreTouch)
#   ES2_JAVA_OPTS (default: -Xms256m -Xmx512m -XX:TieredStopAtLevel=1 -XX:-AlwaysPreTouch)
set -euo pipefail
umask 022

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=services/common.sh
. "$here/services/common.sh"
# shellcheck source=services/postgres.sh
. "$here/services/postgres.sh"
# shellcheck source=services/elasticsearch.sh
. "$here/services/elasticsearch.sh"
# shellcheck source=services/redis.sh
. "$here/services/redis.sh"
# shellcheck source=services/tools.sh
. "$here/services/tools.sh"

cd /  # services run as other users: never leave them in an unreadable cwd (e.g. /root)

usage() {
  say "usage: $0 start|stop|status|env|start-pg|stop-pg|start-es|stop-es|start-es2|stop-es2|start-redis|stop-redis" >&2
  exit 2
}

# One start/stop at a time (tests restart servers while other sessions may call `start`).
case "${1:-}" in
  start|stop|start-*|stop-*)
    mkdir -p "$SERVICES_DIR"
    exec 9>"$SERVICES_DIR/.lock"
    flock -w 600 9 || die "another services.sh has held $SERVICES_DIR/.lock for 10 minutes"
    ;;
esac

case "${1:-}" in
  start)
    start_pg; start_es; start_redis; ensure_tools
    if [ "${ES_NODES:-1}" -ge 2 ]; then start_es2; fi
    ;;
  stop)        stop_es2; stop_es; stop_redis; stop_pg ;;
  status)
    rc=0
    status_pg || rc=1; status_es || rc=1; status_es2; status_redis || rc=1
    exit "$rc"
    ;;
  env)         env_pg; env_es; env_redis ;;
  start-pg)    start_pg ;;
  stop-pg)     stop_pg ;;
  start-es)    start_es ;;
  stop-es)     stop_es ;;
  start-es2)   start_es2 ;;
  stop-es2)    stop_es2 ;;
  start-redis) start_redis ;;
  stop-redis)  stop_redis ;;
  *) usage ;;
esac
