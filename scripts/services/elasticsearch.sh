# scripts/services/elasticsearch.sh — Elasticsearch on 127.0.0.1, one node or a two-node
# cluster (sourced by scripts/services.sh).
#
# Node 1: http $ES_PORT (59200), transport $ES_TRANSPORT_PORT ($ES_PORT + 100), master and data,
#   bootstraps the cluster on its own (cluster.initial_master_nodes: node 1 only), so a
#   single-node start is as quick as before and its health green for indexes without replicas.
# Node 2 (start-es2): http $ES2_PORT ($ES_PORT + 1), transport $ES2_TRANSPORT_PORT
#   ($ES_TRANSPORT_PORT + 1), a data-only node joining node 1 (both list both transport
#   ports in discovery.seed_hosts), heap $ES2_JAVA_OPTS (at most 512 MB).  Data-only: with
#   two master-eligible nodes Elasticsearch keeps only one in the voting configuration, so a
#   second master-eligible node would add no fault tolerance, only the risk of node 1 losing
#   its master when node 2 stops.  Stopping node 2 leaves node 1 serving everything;
#   stopping node 1 leaves node 2 serving reads of the shards it holds (no master: writes
#   are refused, the default cluster.no_master_block: write).
#
# Version: 8.19.21 (the newest 8.x), run on Debian's JDK 17.  The only Elasticsearch server
#   build on Maven Central is the `integ-test-zip` distribution
#   (org.elasticsearch.distribution.integ-test-zip:elasticsearch); nothing newer than 8.19.21
#   is published there (9.x would need Java 21+).  Python client: elasticsearch>=8,<9.
#   That distribution lacks modules the project needs: the echo-analysis plugin, built from
#   scripts/es-plugin/ against the distribution's own jars, stands in for them (the README's
#   services section says why).  Other missing modules (painless, reindex, ingest-common,
#   mapper-extras, parent-join, percolator, ML, geoip ...) are simply absent.

ES_PORT="${ES_PORT:-59200}"
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-$((ES_PORT + 100))}"
ES2_PORT="${ES2_PORT:-$((ES_PORT + 1))}"
ES2_TRANSPORT_PORT="${ES2_TRANSPORT_PORT:-$((ES_TRANSPORT_PORT + 1))}"
ES_VERSION="${ES_VERSION:-8.19.21}"
ES_TIMEOUT="${ES_TIMEOUT:-120}"
# C1-only JIT and no heap pre-touch: measured 10-14 s instead of 13-39 s to a yellow
# cluster on this 2-core machine under load; tests' tiny indexes don't need C2.
ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx1g -XX:TieredStopAtLevel=1 -XX:-AlwaysPreTouch}"
ES2_JAVA_OPTS="${ES2_JAVA_OPTS:--Xms256m -Xmx512m -XX:TieredStopAtLevel=1 -XX:-AlwaysPreTouch}"
ES_CACHE="$(realpath -m "${ES_CACHE:-${HOME:-/root}/.cache/echo-services}")"
ES_OS_USER="${ES_OS_USER:-echoes}"
ES_CLUSTER=echo-services
ES_PLUGIN_SRC="$SCRIPTS_DIR/es-plugin"

ES_BASE="$SERVICES_DIR/es"
ES_HOME="$ES_BASE/elasticsearch-$ES_VERSION"
ES_URL="http://127.0.0.1:$ES_PORT"
ES2_URL="http://127.0.0.1:$ES2_PORT"

# One node's name, ports and directories into N_* (node 1 keeps the single node's layout).
es_node() {  # 1|2
  if [ "$1" = 1 ]; then
    N_LABEL=elasticsearch N_NAME=echo-node N_DIR="$ES_BASE"
    N_HTTP="$ES_PORT" N_TRANSPORT="$ES_TRANSPORT_PORT" N_JAVA_OPTS="$ES_JAVA_OPTS"
  else
    N_LABEL="elasticsearch node 2" N_NAME=echo-node-2 N_DIR="$ES_BASE/node2"
    N_HTTP="$ES2_PORT" N_TRANSPORT="$ES2_TRANSPORT_PORT" N_JAVA_OPTS="$ES2_JAVA_OPTS"
  fi
  N_NUM="$1"
  N_URL="http://127.0.0.1:$N_HTTP"
  N_CONF="$N_DIR/config" N_DATA="$N_DIR/data" N_LOGS="$N_DIR/logs"
  N_PIDFILE="$N_DIR/run/elasticsearch.pid" N_CONSOLE="$N_DIR/logs/console.log"
}

java_major() {  # JAVA_HOME -> major version, from its `release` file
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n 1
}

JAVA_FOR_ES=
find_java() {
  # ES 8.19 runs on 17+; prefer the Debian JDK 17 it was tested with, then 21.
  # (Must be a JDK: javac builds the analysis plugin.)
  if [ -n "${ES_JAVA_HOME:-}" ]; then JAVA_FOR_ES="$ES_JAVA_HOME"; return 0; fi
  local want d
  for want in 17 21; do
    for d in /usr/lib/jvm/*/; do
      d="$(readlink -f "$d")"
      [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
      if [ "$(java_major "$d")" = "$want" ]; then JAVA_FOR_ES="$d"; return 0; fi
    done
  done
  return 1
}

ensure_es_prereqs() {
  if ! find_java; then
    say "elasticsearch: installing a JDK (openjdk-17-jdk-headless) ..."
    apt_install openjdk-17-jdk-headless
    find_java || die "elasticsearch: no JDK 17/21 under /usr/lib/jvm"
  fi
  local cmd
  for cmd in mvn unzip curl; do
    if ! command -v "$cmd" >/dev/null 2>&1; then
      apt_install "$([ "$cmd" = mvn ] && echo maven || echo "$cmd")"
    fi
  done
  ensure_os_user "$ES_OS_USER" "$ES_BASE"
}

# Download once (Maven Central), cache the zip in $ES_CACHE (Maven also keeps ~/.m2).
es_zip() {
  local zip="$ES_CACHE/elasticsearch-$ES_VERSION.zip"
  if [ ! -s "$zip" ]; then
    mkdir -p "$ES_CACHE"
    say "elasticsearch: downloading $ES_VERSION (integ-test-zip) via Maven ..." >&2
    local tmp; tmp="$(mktemp -d "$ES_CACHE/dl.XXXXXX")"
    if ! JAVA_HOME="$JAVA_FOR_ES" mvn -B -q \
        org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy \
        -Dartifact="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
        -DoutputDirectory="$tmp" </dev/null >"$tmp/mvn.log" 2>&1; then
      tail_log "$tmp/mvn.log" 20; rm -rf "$tmp"
      die "elasticsearch: could not fetch $ES_VERSION from Maven Central"
    fi
    mv "$tmp/elasticsearch-$ES_VERSION.zip" "$zip"
    rm -rf "$tmp"
  fi
  printf '%s\n' "$zip"
}

# A hash of every file under scripts/es-plugin (names and contents): the cache key.
plugin_sources_hash() {
  (cd "$ES_PLUGIN_SRC" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha1sum) \
    | sha1sum | cut -c1-12
}

# Build the plugin from scripts/es-plugin (cached per ES version + sources hash) and install
# it into $ES_HOME when the installed copy differs.
install_plugin() {
  local hash jar tmp
  hash="$(plugin_sources_hash)"
  jar="$ES_CACHE/echo-analysis-$ES_VERSION-src$hash.jar"
  if [ ! -s "$jar" ]; then
    mkdir -p "$ES_CACHE"
    tmp="$(mktemp -d "$ES_CACHE/build.XXXXXX")"
    mkdir -p "$tmp/classes"
    if ! find "$ES_PLUGIN_SRC/src" -name '*.java' -print0 | LC_ALL=C sort -z \
        | xargs -0 "$JAVA_FOR_ES/bin/javac" --release 17 -nowarn -cp "$ES_HOME/lib/*" \
            -d "$tmp/classes" >"$tmp/javac.log" 2>&1; then
      tail_log "$tmp/javac.log"; rm -rf "$tmp"
      die "elasticsearch: building the echo-analysis plugin from $ES_PLUGIN_SRC failed"
    fi
    "$JAVA_FOR_ES/bin/jar" cf "$tmp/plugin.jar" -C "$tmp/classes" .
    mv "$tmp/plugin.jar" "$jar"
    rm -rf "$tmp"
  fi
  local pdir="$ES_HOME/plugins/echo-analysis" descriptor
  descriptor="$(grep -v '^#' "$ES_PLUGIN_SRC/plugin-descriptor.properties" | sed "s/@ES_VERSION@/$ES_VERSION/g")"
  if cmp -s "$jar" "$pdir/echo-analysis.jar" \
      && [ "$descriptor" = "$(cat "$pdir/plugin-descriptor.properties" 2>/dev/null)" ]; then
    return 0  # already installed (a running node keeps its files)
  fi
  rm -rf "$pdir"; mkdir -p "$pdir"
  cp "$jar" "$pdir/echo-analysis.jar"
  printf '%s\n' "$descriptor" >"$pdir/plugin-descriptor.properties"
}

ensure_es_installed() {
  ensure_es_prereqs
  local ready="$ES_HOME/.echo-ready"
  if [ ! -f "$ready" ]; then
    local zip; zip="$(es_zip)"
    rm -rf "$ES_HOME" "$ES_HOME.tmp"
    mkdir -p "$ES_HOME.tmp"
    unzip -q "$zip" -d "$ES_HOME.tmp"
    mv "$ES_HOME.tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
    rm -rf "$ES_HOME.tmp"
    touch "$ready"
  fi
  install_plugin  # cheap when cached; rebuilt when scripts/es-plugin changes
}

# The node's directories and elasticsearch.yml (rewritten on each start so port overrides
# apply).  Only settings known to this minimal distribution: unknown ones (xpack.ml.*,
# ingest.geoip.*) would abort startup.
es_configure_node() {
  mkdir -p "$N_DIR/run" "$N_DIR/tmp" "$N_DATA" "$N_LOGS"
  if [ ! -f "$N_CONF/jvm.options" ]; then
    rm -rf "$N_CONF"; cp -r "$ES_HOME/config" "$N_CONF"
  fi
  {
    printf '%s\n' "cluster.name: $ES_CLUSTER" "node.name: $N_NAME" \
      "path.data: $N_DATA" "path.logs: $N_LOGS" "network.host: 127.0.0.1" \
      "http.port: $N_HTTP" "transport.port: $N_TRANSPORT" \
      "discovery.seed_hosts: [\"127.0.0.1:$ES_TRANSPORT_PORT\", \"127.0.0.1:$ES2_TRANSPORT_PORT\"]"
    if [ "$N_NUM" = 1 ]; then
      # Node 1 bootstraps the cluster alone, on its first start only (once its data holds
      # a cluster, Elasticsearch warns that the setting must go).
      [ -d "$N_DATA/_state" ] || printf '%s\n' 'cluster.initial_master_nodes: ["echo-node"]'
    else
      printf '%s\n' 'node.roles: [ data ]'
    fi
    printf '%s\n' "xpack.security.enabled: false" \
      "cluster.routing.allocation.disk.threshold_enabled: false" \
      "action.destructive_requires_name: false"
  } >"$N_CONF/elasticsearch.yml"
  if is_root; then
    chown -R "$ES_OS_USER:" "$N_CONF" "$N_DATA" "$N_LOGS" "$N_DIR/run" "$N_DIR/tmp"
    chmod 755 "$ES_BASE" "$N_DIR"
  fi
}

es_node_pid() {  # pid of the selected node's server if it is alive (pid file, else port)
  pidfile_pid "$N_PIDFILE" org.elasticsearch || port_pid "$N_HTTP" org.elasticsearch
}

# Ready: node 1 when the cluster is yellow; node 2 when it answers as a member of a
# cluster of at least two nodes.
es_node_ready() {
  local query="wait_for_status=yellow&timeout=3s"
  [ "$N_NUM" = 1 ] || query+="&wait_for_nodes=%3E%3D2"
  curl -fsS --max-time 5 "$N_URL/_cluster/health?$query" >/dev/null 2>&1
}

es_start_node() {  # 1|2
  es_node "$1"
  if es_node_pid >/dev/null; then
    say "$N_LABEL: already running on $N_URL"
    return 0
  fi
  if curl -fsS --max-time 2 "$N_URL" >/dev/null 2>&1; then
    die "$N_LABEL: something else answers on $N_URL"
  fi
  ensure_es_installed
  es_configure_node
  rm -f "$N_PIDFILE"
  : >"$N_CONSOLE"
  chown "$ES_OS_USER:" "$N_CONSOLE" 2>/dev/null || true
  # -d: the launcher forks the server, waits for it to start, then exits.
  as_user "$ES_OS_USER" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$N_DIR" LANG=C.UTF-8 \
    ES_JAVA_HOME="$JAVA_FOR_ES" ES_PATH_CONF="$N_CONF" ES_TMPDIR="$N_DIR/tmp" \
    ES_JAVA_OPTS="$N_JAVA_OPTS" CLI_JAVA_OPTS="-XX:TieredStopAtLevel=1" \
    "$ES_HOME/bin/elasticsearch" -d -p "$N_PIDFILE" </dev/null >>"$N_CONSOLE" 2>&1 &
  local launcher=$! rc=0 waited=0
  while :; do
    if es_node_ready; then break; fi
    if [ -n "$launcher" ] && ! kill -0 "$launcher" 2>/dev/null; then
      wait "$launcher" || rc=$?
      launcher=
      if [ "$rc" != 0 ]; then
        tail_log "$N_CONSOLE"; tail_log "$N_LOGS/$ES_CLUSTER.log"
        die "$N_LABEL: failed to start (launcher exit $rc)"
      fi
    fi
    if [ "$waited" -ge "$ES_TIMEOUT" ]; then
      tail_log "$N_CONSOLE"; tail_log "$N_LOGS/$ES_CLUSTER.log"
      [ -n "$launcher" ] && kill "$launcher" 2>/dev/null || true
      local pid; pid="$(es_node_pid || true)"; [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
      die "$N_LABEL: not ready on $N_URL after ${ES_TIMEOUT}s"
    fi
    sleep 1; waited=$((waited + 1))
  done
  [ -z "$launcher" ] || wait "$launcher" || true
  say "$N_LABEL: listening on $N_URL ($ES_VERSION, Java $(java_major "$JAVA_FOR_ES"))"
}

es_stop_node() {  # 1|2
  es_node "$1"
  local pid
  pid="$(es_node_pid || true)"
  if [ -z "$pid" ]; then
    say "$N_LABEL: not running"
    return 0
  fi
  stop_pid "$pid"
  rm -f "$N_PIDFILE"
  say "$N_LABEL: stopped"
}

es_status_node() {  # 1|2
  es_node "$1"
  local pid health
  pid="$(es_node_pid || true)"
  if [ -z "$pid" ]; then say "$N_LABEL: stopped"; return 1; fi
  health="$(curl -fsS --max-time 5 "$N_URL/_cluster/health" 2>/dev/null \
    | sed -n 's/.*"status":"\([a-z]*\)".*"number_of_nodes":\([0-9]*\).*/\1, \2 node(s)/p')" || true
  say "$N_LABEL: running on $N_URL (pid $pid, health ${health:-not answering})"
}

start_es() { es_start_node 1; }
stop_es() { es_stop_node 1; }
status_es() { es_status_node 1; }
# Node 2 needs node 1 (its cluster's master).
start_es2() { es_start_node 1; es_start_node 2; }
stop_es2() { es_stop_node 2; }
# Node 2 is optional: its status never fails `status`.
status_es2() { es_node 2; if es_node_pid >/dev/null; then es_status_node 2; else say "$N_LABEL: not started"; fi; }

# ELASTICSEARCH_URLS only while node 2 runs: a client given a stopped node's URL would
# waste a timeout on it before every failover.
env_es() {
  say "export ELASTICSEARCH_URL=$ES_URL"
  es_node 2
  if es_node_pid >/dev/null; then say "export ELASTICSEARCH_URLS=$ES_URL,$ES2_URL"; fi
}
