#!/usr/bin/env bash
# scripts/services.sh — a real PostgreSQL and a real Elasticsearch on 127.0.0.1 only,
# for the test suite and CI.  Idempotent; runs as root (services run as unprivileged users).
#
#   scripts/services.sh start|stop|status|env|start-es|stop-es|start-pg|stop-pg
#   eval "$(scripts/services.sh env)"   # DATABASE_URL, ELASTICSEARCH_URL
#
# Environment (all optional):
#   PG_PORT=55432  ES_PORT=59200  SERVICES_DIR=/tmp/echo-services (data, logs, pids)
#   ES_CACHE=~/.cache/echo-services (downloaded zip, built plugin)  ES_VERSION  ES_JAVA_HOME
#   ES_TIMEOUT=120 (seconds to wait for cluster health yellow)
#   ES_JAVA_OPTS (default: -Xms512m -Xmx1g -XX:TieredStopAtLevel=1 -XX:-AlwaysPreTouch)
#
# Elasticsearch version choice: 8.19.21 (the newest 8.x), run on Java 17.
#   The only ES server build on Maven Central is the `integ-test-zip` distribution
#   (org.elasticsearch.distribution.integ-test-zip:elasticsearch); its maven-metadata lists
#   nothing newer than 8.19.21 — no 9.x is published there, so 9.x (which would need Java 21+)
#   was not an option.  8.19 runs on the Debian default JDK 17, avoiding any JDK install.
#   Python client to pair with it: elasticsearch>=8,<9; Wagtail backend: elasticsearch8.
#
# The integ-test-zip is a *minimal* distribution: its modules are only transport-netty4,
# x-pack-core, x-pack-security and apm.  Notably it lacks `analysis-common`, so the
# `asciifolding`, `ngram` and `edge_ngram` filters/tokenizers that Wagtail's
# (modelsearch's) index settings use do not exist and index creation fails.  This script
# therefore compiles a tiny plugin ("echo-analysis", source below) against the
# distribution's own jars (Lucene's analysis-common jar ships in lib/) and installs it.
# It also provides `elision` and the French `stemmer` (light_french, minimal_french,
# french) that the search app's French index settings use.
# Likewise `rest-root` is missing, so `GET /` (client.info()) and `HEAD /` (client.ping())
# answer 405; the same plugin serves them, in the real server's format.
# Other missing modules (painless scripts, reindex/_delete_by_query, ingest-common,
# mapper-extras, parent-join, percolator, ML, geoip ...) are simply absent.
set -euo pipefail
umask 022

PG_PORT="${PG_PORT:-55432}"
ES_PORT="${ES_PORT:-59200}"
ES_TRANSPORT_PORT="${ES_TRANSPORT_PORT:-$((ES_PORT + 100))}"
ES_VERSION="${ES_VERSION:-8.19.21}"
ES_TIMEOUT="${ES_TIMEOUT:-120}"
# C1-only JIT and no heap pre-touch: measured 10-14 s instead of 13-39 s to a yellow
# cluster on this 2-core machine under load; tests' tiny indexes don't need C2.
ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx1g -XX:TieredStopAtLevel=1 -XX:-AlwaysPreTouch}"
SERVICES_DIR="$(realpath -m "${SERVICES_DIR:-/tmp/echo-services}")"
ES_CACHE="$(realpath -m "${ES_CACHE:-${HOME:-/root}/.cache/echo-services}")"
PG_OS_USER="${PG_OS_USER:-postgres}"
ES_OS_USER="${ES_OS_USER:-echoes}"
PG_DB=echo
PG_ROLE=echo

PG_BASE="$SERVICES_DIR/pg"
PG_DATA="$PG_BASE/data"
PG_SOCK="$PG_BASE/run"
PG_LOG="$PG_BASE/postgres.log"
ES_BASE="$SERVICES_DIR/es"
ES_HOME="$ES_BASE/elasticsearch-$ES_VERSION"
ES_CONF="$ES_BASE/config"
ES_DATA="$ES_BASE/data"
ES_LOGS="$ES_BASE/logs"
ES_PIDFILE="$ES_BASE/run/elasticsearch.pid"
ES_CONSOLE="$ES_LOGS/console.log"
ES_URL="http://127.0.0.1:$ES_PORT"

cd /  # services run as other users: never leave them in an unreadable cwd (e.g. /root)

say() { printf '%s\n' "$*"; }
die() { printf 'services.sh: %s\n' "$*" >&2; exit 1; }
is_root() { [ "$(id -u)" = 0 ]; }

# Run a command as a service user when root; as ourselves otherwise.
as_user() {
  local user="$1"; shift
  # 9>&-: daemons must not inherit the lock (see main).
  if is_root; then runuser -u "$user" -- "$@" 9>&-; else "$@" 9>&-; fi
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

# ---------------------------------------------------------------- PostgreSQL

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
  if is_root && ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir "$PG_BASE" \
      --shell /usr/sbin/nologin "$PG_OS_USER"
  fi
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
  mkdir -p "$SERVICES_DIR"
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

# ------------------------------------------------------------- Elasticsearch

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
  if is_root && ! id -u "$ES_OS_USER" >/dev/null 2>&1; then
    useradd --system --user-group --no-create-home --home-dir "$ES_BASE" \
      --shell /usr/sbin/nologin "$ES_OS_USER"
  fi
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

# Java source of the plugin (see header).  Mirrors analysis-common's settings:
# min_gram/max_gram (+ index.max_ngram_diff check), preserve_original.  Also serves
# GET / and HEAD / (the rest-root module is missing too): es.info() and es.ping().
plugin_source() {
  cat <<'JAVA'
package echo.analysis;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.Build;
import org.elasticsearch.client.internal.node.NodeClient;
import org.elasticsearch.cluster.metadata.IndexNameExpressionResolver;
import org.elasticsearch.cluster.node.DiscoveryNodes;
import org.elasticsearch.cluster.service.ClusterService;
import org.elasticsearch.common.io.stream.NamedWriteableRegistry;
import org.elasticsearch.common.settings.ClusterSettings;
import org.elasticsearch.common.settings.IndexScopedSettings;
import org.elasticsearch.common.settings.Settings;
import org.elasticsearch.common.settings.SettingsFilter;
import org.elasticsearch.features.NodeFeature;
import org.elasticsearch.index.IndexSettings;
import org.elasticsearch.index.analysis.PreConfiguredTokenFilter;
import org.elasticsearch.index.analysis.PreConfiguredTokenizer;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.ActionPlugin;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;
import org.elasticsearch.rest.RestChannel;
import org.elasticsearch.rest.RestController;
import org.elasticsearch.rest.RestHandler;
import org.elasticsearch.rest.RestRequest;
import org.elasticsearch.rest.RestResponse;
import org.elasticsearch.rest.RestStatus;
import org.elasticsearch.xcontent.XContentBuilder;

public class EchoAnalysisPlugin extends Plugin implements AnalysisPlugin, ActionPlugin {

    private volatile ClusterService clusterService;

    @Override
    public Collection<?> createComponents(PluginServices services) {
        clusterService = services.clusterService();
        return List.of();
    }

    /** GET / and HEAD / (info, ping), like the rest-root module. */
    @Override
    public Collection<RestHandler> getRestHandlers(Settings settings, NamedWriteableRegistry registry,
            RestController controller, ClusterSettings clusterSettings, IndexScopedSettings indexScopedSettings,
            SettingsFilter settingsFilter, IndexNameExpressionResolver resolver,
            Supplier<DiscoveryNodes> nodes, Predicate<NodeFeature> features) {
        return List.of(new RestHandler() {
            public String getName() { return "echo_main_action"; }
            public List<Route> routes() {
                return List.of(new Route(RestRequest.Method.GET, "/"), new Route(RestRequest.Method.HEAD, "/"));
            }
            public void handleRequest(RestRequest request, RestChannel channel, NodeClient client) throws Exception {
                ClusterService cs = clusterService;
                Build b = Build.current();
                XContentBuilder x = channel.newBuilder();
                if (request.hasParam("pretty") == false) x.prettyPrint().lfAtEnd();
                x.startObject()
                    .field("name", cs.getNodeName())
                    .field("cluster_name", cs.getClusterName().value())
                    .field("cluster_uuid", cs.state().metadata().clusterUUID())
                    .startObject("version")
                    .field("number", b.qualifiedVersion())
                    .field("build_flavor", b.flavor())
                    .field("build_type", b.type().displayName())
                    .field("build_hash", b.hash())
                    .field("build_date", b.date())
                    .field("build_snapshot", b.isSnapshot())
                    .field("lucene_version", org.apache.lucene.util.Version.LATEST.toString())
                    .field("minimum_wire_compatibility_version", b.minWireCompatVersion())
                    .field("minimum_index_compatibility_version", b.minIndexCompatVersion())
                    .endObject()
                    .field("tagline", "You Know, for Search")
                    .endObject();
                channel.sendResponse(new RestResponse(RestStatus.OK, x));
            }
        });
    }

    private static int[] grams(IndexSettings index, String name, Settings s, int dMin, int dMax) {
        int min = s.getAsInt("min_gram", dMin);
        int max = s.getAsInt("max_gram", dMax);
        if (index != null && max - min > index.getMaxNgramDiff()) {
            throw new IllegalArgumentException("The difference between max_gram and min_gram in NGram ["
                + name + "] must be less than or equal to: [" + index.getMaxNgramDiff() + "] but was ["
                + (max - min) + "]. This limit can be set by changing the ["
                + IndexSettings.MAX_NGRAM_DIFF_SETTING.getKey() + "] index level setting.");
        }
        return new int[] { min, max };
    }

    private static TokenFilterFactory filter(String name, boolean multiTerm,
                                             java.util.function.Function<TokenStream, TokenStream> f) {
        return new TokenFilterFactory() {
            public String name() { return name; }
            public TokenStream create(TokenStream in) { return f.apply(in); }
            public TokenStream normalize(TokenStream in) { return multiTerm ? f.apply(in) : in; }
        };
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "asciifolding", (idx, env, name, s) -> {
                boolean keep = s.getAsBoolean("preserve_original", false);
                return filter(name, true, in -> new ASCIIFoldingFilter(in, keep));
            },
            "ngram", (idx, env, name, s) -> {
                int[] g = grams(idx, name, s, 1, 2);
                boolean keep = s.getAsBoolean("preserve_original", false);
                return filter(name, false, in -> new NGramTokenFilter(in, g[0], g[1], keep));
            },
            "edge_ngram", (idx, env, name, s) -> {
                int[] g = grams(null, name, s, 1, 2);
                boolean keep = s.getAsBoolean("preserve_original", false);
                return filter(name, false, in -> new EdgeNGramTokenFilter(in, g[0], g[1], keep));
            },
            // French analysis of the search app's index settings (search/index_settings.py):
            // elision (l'étoile -> étoile) and the French stemmers (étoiles -> etoil).
            "elision", (idx, env, name, s) -> {
                List<String> list = s.getAsList("articles", null);
                boolean ignoreCase = s.getAsBoolean("articles_case", false);
                CharArraySet articles = list == null
                    ? FrenchAnalyzer.DEFAULT_ARTICLES : new CharArraySet(list, ignoreCase);
                return filter(name, true, in -> new ElisionFilter(in, articles));
            },
            "stemmer", (idx, env, name, s) -> {
                String language = s.get("language", s.get("name", "light_french"));
                switch (language) {
                    case "light_french": return filter(name, false, FrenchLightStemFilter::new);
                    case "minimal_french": return filter(name, false, FrenchMinimalStemFilter::new);
                    case "french": return filter(name, false,
                        in -> new SnowballFilter(in, new org.tartarus.snowball.ext.FrenchStemmer()));
                    default: throw new IllegalArgumentException("stemmer [" + name
                        + "]: only the French stemmers are available here, not [" + language + "]");
                }
            });
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of(
            "ngram", (idx, env, name, s) -> {
                int[] g = grams(idx, name, s, 1, 2);
                return TokenizerFactory.newFactory(name, () -> new NGramTokenizer(g[0], g[1]));
            },
            "edge_ngram", (idx, env, name, s) -> {
                int[] g = grams(null, name, s, 1, 2);
                return TokenizerFactory.newFactory(name, () -> new EdgeNGramTokenizer(g[0], g[1]));
            });
    }

    @Override
    public List<PreConfiguredTokenFilter> getPreConfiguredTokenFilters() {
        return List.of(
            PreConfiguredTokenFilter.singleton("asciifolding", true, ASCIIFoldingFilter::new),
            PreConfiguredTokenFilter.singleton("ngram", false, false, in -> new NGramTokenFilter(in, 1, 2, false)),
            PreConfiguredTokenFilter.singleton("edge_ngram", false, false,
                in -> new EdgeNGramTokenFilter(in, 1, 2, false)));
    }

    @Override
    public List<PreConfiguredTokenizer> getPreConfiguredTokenizers() {
        return List.of(
            PreConfiguredTokenizer.singleton("ngram", NGramTokenizer::new),
            PreConfiguredTokenizer.singleton("edge_ngram",
                () -> new EdgeNGramTokenizer(EdgeNGramTokenizer.DEFAULT_MIN_GRAM_SIZE,
                                             EdgeNGramTokenizer.DEFAULT_MAX_GRAM_SIZE)));
    }
}
JAVA
}

# Build (cached per ES version + source hash) and install the plugin into $ES_HOME.
install_plugin() {
  local hash jar tmp
  hash="$(plugin_source | sha1sum | cut -c1-12)"
  jar="$ES_CACHE/echo-analysis-$ES_VERSION-$hash.jar"
  if [ ! -s "$jar" ]; then
    tmp="$(mktemp -d "$ES_CACHE/build.XXXXXX")"
    mkdir -p "$tmp/src/echo/analysis" "$tmp/classes"
    plugin_source >"$tmp/src/echo/analysis/EchoAnalysisPlugin.java"
    if ! "$JAVA_FOR_ES/bin/javac" --release 17 -nowarn -cp "$ES_HOME/lib/*" -d "$tmp/classes" \
        "$tmp/src/echo/analysis/EchoAnalysisPlugin.java" >"$tmp/javac.log" 2>&1; then
      tail_log "$tmp/javac.log"; rm -rf "$tmp"
      die "elasticsearch: building the echo-analysis plugin failed"
    fi
    "$JAVA_FOR_ES/bin/jar" cf "$tmp/plugin.jar" -C "$tmp/classes" .
    mv "$tmp/plugin.jar" "$jar"
    rm -rf "$tmp"
  fi
  local pdir="$ES_HOME/plugins/echo-analysis"
  rm -rf "$pdir"; mkdir -p "$pdir"
  cp "$jar" "$pdir/echo-analysis.jar"
  cat >"$pdir/plugin-descriptor.properties" <<EOF
description=asciifolding, ngram, edge_ngram, elision and French stemmer analysis and GET/HEAD / (stand-ins for the analysis-common and rest-root modules missing from the integ-test-zip)
version=$ES_VERSION
name=echo-analysis
classname=echo.analysis.EchoAnalysisPlugin
java.version=17
elasticsearch.version=$ES_VERSION
EOF
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
  install_plugin  # cheap when cached; picks up changes to its source
  mkdir -p "$ES_BASE/run" "$ES_BASE/tmp" "$ES_DATA" "$ES_LOGS"
  if [ ! -f "$ES_CONF/jvm.options" ]; then
    rm -rf "$ES_CONF"; cp -r "$ES_HOME/config" "$ES_CONF"
  fi
  # Rewritten on each start so port overrides apply.  Only settings known to this
  # minimal distribution: unknown ones (xpack.ml.*, ingest.geoip.*) would abort startup —
  # ML, geoip, watcher etc. are not even installed here, so there is nothing to turn off.
  cat >"$ES_CONF/elasticsearch.yml" <<EOF
cluster.name: echo-services
node.name: echo-node
path.data: $ES_DATA
path.logs: $ES_LOGS
network.host: 127.0.0.1
http.port: $ES_PORT
transport.port: $ES_TRANSPORT_PORT
discovery.type: single-node
xpack.security.enabled: false
cluster.routing.allocation.disk.threshold_enabled: false
action.destructive_requires_name: false
EOF
  if is_root; then
    chown -R "$ES_OS_USER:" "$ES_CONF" "$ES_DATA" "$ES_LOGS" "$ES_BASE/run" "$ES_BASE/tmp"
    chmod 755 "$ES_BASE"
  fi
}

es_pid() {  # pid of our ES server if it is alive
  local pid
  [ -s "$ES_PIDFILE" ] || return 1
  pid="$(cat "$ES_PIDFILE" 2>/dev/null)" || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.elasticsearch' || return 1
  printf '%s\n' "$pid"
}

es_port_pid() {  # pid listening on ES_PORT, when it is an Elasticsearch (pidfile lost)
  local pid
  pid="$(ss -Hltnp "sport = :$ES_PORT" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1)"
  [ -n "$pid" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'org.elasticsearch' || return 1
  printf '%s\n' "$pid"
}

es_health() { curl -fsS --max-time 5 "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=3s" 2>/dev/null; }

start_es() {
  if es_pid >/dev/null; then
    say "elasticsearch: already running on $ES_URL"
    return 0
  fi
  if es_port_pid >/dev/null; then
    say "elasticsearch: already running on $ES_URL (pid file missing)"
    return 0
  fi
  if curl -fsS --max-time 2 "$ES_URL" >/dev/null 2>&1; then
    die "elasticsearch: something else answers on $ES_URL"
  fi
  ensure_es_installed
  rm -f "$ES_PIDFILE"
  : >"$ES_CONSOLE"
  chown "$ES_OS_USER:" "$ES_CONSOLE" 2>/dev/null || true
  # -d: the launcher forks the server, waits for it to start, then exits.
  as_user "$ES_OS_USER" env -i PATH=/usr/local/bin:/usr/bin:/bin HOME="$ES_BASE" LANG=C.UTF-8 \
    ES_JAVA_HOME="$JAVA_FOR_ES" ES_PATH_CONF="$ES_CONF" ES_TMPDIR="$ES_BASE/tmp" \
    ES_JAVA_OPTS="$ES_JAVA_OPTS" CLI_JAVA_OPTS="-XX:TieredStopAtLevel=1" \
    "$ES_HOME/bin/elasticsearch" -d -p "$ES_PIDFILE" </dev/null >>"$ES_CONSOLE" 2>&1 &
  local launcher=$! rc=0 waited=0
  while :; do
    if es_health >/dev/null; then break; fi
    if [ -n "$launcher" ] && ! kill -0 "$launcher" 2>/dev/null; then
      wait "$launcher" || rc=$?
      launcher=
      if [ "$rc" != 0 ]; then
        tail_log "$ES_CONSOLE"; tail_log "$ES_LOGS/echo-services.log"
        die "elasticsearch: failed to start (launcher exit $rc)"
      fi
    fi
    if [ "$waited" -ge "$ES_TIMEOUT" ]; then
      tail_log "$ES_CONSOLE"; tail_log "$ES_LOGS/echo-services.log"
      [ -n "$launcher" ] && kill "$launcher" 2>/dev/null || true
      local pid; pid="$(es_pid || true)"; [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
      die "elasticsearch: no yellow cluster health on $ES_URL after ${ES_TIMEOUT}s"
    fi
    sleep 1; waited=$((waited + 1))
  done
  [ -z "$launcher" ] || wait "$launcher" || true
  say "elasticsearch: listening on $ES_URL ($ES_VERSION, Java $(java_major "$JAVA_FOR_ES"))"
}

stop_es() {
  local pid
  pid="$(es_pid || es_port_pid || true)"
  if [ -z "$pid" ]; then
    say "elasticsearch: not running"
    return 0
  fi
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; sleep 1; fi
  rm -f "$ES_PIDFILE"
  say "elasticsearch: stopped"
}

status_es() {
  local pid health
  pid="$(es_pid || es_port_pid || true)"
  if [ -z "$pid" ]; then say "elasticsearch: stopped"; return 1; fi
  health="$(curl -fsS --max-time 5 "$ES_URL/_cluster/health" 2>/dev/null \
    | sed -n 's/.*"status":"\([a-z]*\)".*/\1/p')" || true
  say "elasticsearch: running on $ES_URL (pid $pid, health ${health:-not answering})"
}

# -------------------------------------------------------------------- main

usage() {
  say "usage: $0 start|stop|status|env|start-es|stop-es|start-pg|stop-pg" >&2
  exit 2
}

# One start/stop at a time (tests restart ES while other sessions may call `start`).
case "${1:-}" in
  start|stop|start-es|stop-es|start-pg|stop-pg)
    mkdir -p "$SERVICES_DIR"
    exec 9>"$SERVICES_DIR/.lock"
    flock -w 600 9 || die "another services.sh has held $SERVICES_DIR/.lock for 10 minutes"
    ;;
esac

case "${1:-}" in
  start)    start_pg; start_es ;;
  stop)     stop_es; stop_pg ;;
  status)   rc=0; status_pg || rc=1; status_es || rc=1; exit "$rc" ;;
  env)
    say "export DATABASE_URL=postgres://$PG_ROLE@127.0.0.1:$PG_PORT/$PG_DB"
    say "export ELASTICSEARCH_URL=$ES_URL"
    ;;
  start-es) start_es ;;
  stop-es)  stop_es ;;
  start-pg) start_pg ;;
  stop-pg)  stop_pg ;;
  *) usage ;;
esac
