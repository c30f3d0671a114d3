"""Load benchmark: wrk against gunicorn with production settings, loopback only.

    .venv/bin/python bench/load.py                    # load the data, then every scenario (15 s each)
    .venv/bin/python bench/load.py --reuse            # the bench database is already loaded
    .venv/bin/python bench/load.py --duration 30 --only event,agenda

Needs Debian's `wrk` (scripts/services.sh installs it with the servers) and the project's
services (PostgreSQL, Elasticsearch, Redis: scripts/services.sh, started here if needed).

Data: its own PostgreSQL database `echo_bench_load` (dropped and recreated, never the
development or test ones) holding the demo (`seed_demo`) plus 10,000 benchmark events added
in bulk by bench/map_api.py's generator — the Centre-Val de Loire agenda receives the region's
events, the Grenoble agenda the rest; the search index is `echo_bench_load`, the media
directory and the collected static files live under /tmp/echo-bench-load.

Servers: gunicorn, `--workers 2` sync (as `make serve-prod`), production settings
(cms/settings/production.py, DEBUG off, WhiteNoise, Redis as the shared cache on database
number 5 under a key prefix of this run). Three configurations, one server each:

  pages     page cache off (PAGE_CACHE_SECONDS=0), map response cache on (60 s):
            the map API warm, an event page, the agenda, the home page, a search;
  cached    the same pages with the anonymous page cache on (PAGE_CACHE_SECONDS=300);
  map-cold  the map API with its response cache off (MAP_API_CACHE_SECONDS=0): every
            response generated, without filling the shared Redis with one copy per request.

Each scenario: every URL warmed (50 requests), then `wrk --latency -t2 -c8 -d<duration>s`;
requests per second, p50/p99 latencies, errors (socket errors and non-2xx answers) and the
workers' resident memory (VmRSS) after the warm-up and at the end of the configuration are
written to bench/results/load.json with the targets of issue 13.
"""

import argparse
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timezone as dt_timezone
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

BENCH_DB = "echo_bench_load"
BENCH_INDEX = "echo_bench_load"
WORK = Path("/tmp/echo-bench-load")
RESULTS = BASE_DIR / "bench" / "results" / "load.json"
REDIS_DB = 5
HOST = "localhost"  # the Centre-Val de Loire territory
EVENTS = 10000

REGION_BBOX = "0.1,46.4,3.1,48.9"  # Centre-Val de Loire, as in bench/map_api.py
SCENARIOS = {
    "map_warm": ("pages", f"/api/v3/map/features?bbox={REGION_BBOX}&type=event"),
    "map_cold": ("map-cold", f"/api/v3/map/features?bbox={REGION_BBOX}&type=event"),
    "event": ("pages", "/agenda/nuit-des-etoiles-filantes/"),
    "agenda": ("pages", "/agenda/"),
    "home": ("pages", "/"),
    "search": ("pages", "/recherche/?q=astronomie"),
    "event_page_cache": ("cached", "/agenda/nuit-des-etoiles-filantes/"),
    "agenda_page_cache": ("cached", "/agenda/"),
    "home_page_cache": ("cached", "/"),
    "search_page_cache": ("cached", "/recherche/?q=astronomie"),
}
CONFIGURATIONS = {
    "pages": {"PAGE_CACHE_SECONDS": "0", "MAP_API_CACHE_SECONDS": "60"},
    "cached": {"PAGE_CACHE_SECONDS": "300", "MAP_API_CACHE_SECONDS": "60"},
    "map-cold": {"PAGE_CACHE_SECONDS": "0", "MAP_API_CACHE_SECONDS": "0"},
}
TARGETS = {"map_warm": 300, "event": 100, "agenda": 100}
BAKERYDEMO = {"home": 29, "blog_page": 55}  # issue 13: wagtail/bakerydemo measured the same way here


def log(message):
    print(message, flush=True)


def server_dsn(database):
    base = os.environ.get("DATABASE_URL", "postgres://echo@127.0.0.1:55432/echo")
    return base.rsplit("/", 1)[0] + "/" + database


def redis_url():
    base = os.environ.get("REDIS_URL", "redis://127.0.0.1:56379/0")
    return base.rsplit("/", 1)[0] + f"/{REDIS_DB}"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**extra):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(BASE_DIR),
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "localhost,grenoble.localhost,127.0.0.1",
        "WAGTAILADMIN_BASE_URL": "http://localhost",
        "DEFAULT_FROM_EMAIL": "Echosciences <noreply@localhost>",
        "SECURE_SSL_REDIRECT": "0",
        "DATABASE_URL": server_dsn(BENCH_DB),
        "REDIS_URL": redis_url(),
        "CACHE_KEY_PREFIX": f"bench-load-{secrets.token_hex(4)}",
        "ELASTICSEARCH_URL": os.environ.get("ELASTICSEARCH_URL", ""),
        "ELASTICSEARCH_INDEX": BENCH_INDEX,
        "MEDIA_ROOT": str(WORK / "media"),
        "STATIC_ROOT": str(WORK / "static"),
        "LOG_LEVEL": "ERROR",
    }
    env.update(extra)
    return {name: value for name, value in env.items() if value}


# ---- Data -------------------------------------------------------------------------------


def load_data(events):
    """A fresh bench database: migrations, the demo, then `events` events in bulk."""
    import psycopg

    with psycopg.connect(server_dsn("echo"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
    shutil.rmtree(WORK / "media", ignore_errors=True)
    os.environ.update(production_env())
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    started = time.monotonic()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--quiet", stdout=open(os.devnull, "w"))
    log(f"Démonstration en place ({time.monotonic() - started:.0f} s) ; {events} événements de test…")
    loader = DemoLoader(random.Random(13))
    loader.add_events(events)
    loader.fix_child_counts()
    call_command("rebuild_map_features", stdout=open(os.devnull, "w"))
    if os.environ.get("ELASTICSEARCH_URL"):
        call_command("update_index", stdout=open(os.devnull, "w"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(f"{loader.events} événements et {len(loader.places)} lieux ajoutés ({time.monotonic() - started:.0f} s en tout)")


def DemoLoader(rng):  # noqa: N802 — builds the class once Django is set up
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_map_api", BASE_DIR / "bench" / "map_api.py")
    map_api = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(map_api)
    Loader = map_api.Loader  # noqa: N806
    from wagtail.models import Locale, Page

    from content_types.models import AgendaPage, EventPage, PlaceIndexPage, PlacePage
    from django.contrib.contenttypes.models import ContentType

    class Loader_(Loader):
        """bench/map_api.py's generator, growing the demo's own agendas and places instead of
        a territory of its own: region events in Centre-Val de Loire, the rest in Grenoble."""

        def __init__(self, rng):  # noqa: super().__init__ would replace the demo's page tree
            self.rng = rng
            self.locale = Locale.get_default()
            self.ct_event = ContentType.objects.get_for_model(EventPage)
            self.ct_place = ContentType.objects.get_for_model(PlacePage)
            self.region_agenda = AgendaPage.objects.get(url_path="/centre-val-de-loire/agenda/")
            self.other_agenda = AgendaPage.objects.get(url_path="/grenoble/agenda/")
            self.place_index = PlaceIndexPage.objects.filter(url_path__startswith="/centre-val-de-loire/").first()
            self.next_child = {}
            for parent in (self.region_agenda, self.other_agenda, self.place_index):
                last = parent.get_last_child()
                self.next_child[parent.pk] = int(last.path[-4:], 36) if last else 0
            self.images = self.make_images()
            self.events = self.region_events = self.city_events = 0
            self.places = []

        def fix_child_counts(self):
            for parent in (self.region_agenda, self.other_agenda, self.place_index):
                Page.objects.filter(pk=parent.pk).update(numchild=Page.objects.child_of(parent).count())

    return Loader_(rng)


def migrate():
    """A reused bench database gets the migrations added since it was loaded (new columns
    and indexes: without them the pages answer 500 or are measured without their index)."""
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=BASE_DIR,
                   env=production_env(), check=True)


def collect_static():
    if (WORK / "static" / "staticfiles.json").exists():
        return
    log("collectstatic (noms hachés, compressés)…")
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=BASE_DIR,
                   env=production_env(), check=True)


# ---- Servers and measures ---------------------------------------------------------------


class Server:
    def __init__(self, configuration, workers):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(WORK / f"gunicorn-{configuration}.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "cms.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--timeout", "60", "--log-level", "warning"],
            cwd=BASE_DIR, env=production_env(**CONFIGURATIONS[configuration]), stdout=self.log, stderr=subprocess.STDOUT,
        )
        for _ in range(200):
            try:
                get(self.base + "/healthz")
                return
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"gunicorn s'est arrêté : voir {self.log.name}")
                time.sleep(0.3)
        raise RuntimeError("gunicorn ne répond pas")

    def workers_rss_kb(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        sizes = {}
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            sizes[pid] = int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))
        return sizes

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def get(url, headers=None):
    request = urllib.request.Request(url, headers={"Host": HOST, **(headers or {})})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


COLD_SCRIPT = """
local counter = 0
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function request()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "&_bench=" .. tid .. "-" .. counter)
end
"""


def wrk(url, duration, threads, connections, script=None):
    command = ["wrk", "--latency", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s",
               "-H", f"Host: {HOST}"]
    if script:
        command += ["-s", str(script)]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(output), output


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def to_ms(value):
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", value).groups()
    return round(float(number) * UNITS[unit], 2)


def parse_wrk(output):
    latency = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", output, re.M))
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "requests": requests,
        "p50_ms": to_ms(latency["50"]),
        "p90_ms": to_ms(latency["90"]),
        "p99_ms": to_ms(latency["99"]),
        "socket_errors": sum(int(n) for n in errors.groups()) if errors else 0,
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def run_configuration(configuration, scenarios, args):
    settings = ", ".join(f"{key}={value}" for key, value in CONFIGURATIONS[configuration].items())
    log(f"\n== Serveur « {configuration} » ({settings})")
    server = Server(configuration, args.workers)
    results = {}
    try:
        rss_started = server.workers_rss_kb()
        for name in scenarios:
            path = SCENARIOS[name][1]
            for _ in range(args.warmup):
                status, headers, _body = get(server.base + path)
                assert status == 200, (name, status)
            results[name] = {"path": path, "last_warmup_headers": {
                key: headers[key] for key in ("Content-Type", "Cache-Control", "X-Page-Cache") if key in headers}}
        rss_warm = server.workers_rss_kb()
        for name in scenarios:
            path = SCENARIOS[name][1]
            script = WORK / "cold.lua" if name == "map_cold" else None
            figures, output = wrk(server.base + path, args.duration, args.threads, args.connections, script)
            results[name].update(figures)
            log(f"  {name:<18} {figures['requests_per_second']:>8.1f} req/s   p50 {figures['p50_ms']:>8.2f} ms"
                f"   p99 {figures['p99_ms']:>8.2f} ms   erreurs {figures['socket_errors'] + figures['non_2xx_3xx']}")
        rss_end = server.workers_rss_kb()
    finally:
        server.stop()
    memory = {
        "workers_rss_kb_after_start": list(rss_started.values()),
        "workers_rss_kb_after_warmup": list(rss_warm.values()),
        "workers_rss_kb_at_end": list(rss_end.values()),
    }
    growth = [round(rss_end[pid] / rss_warm[pid] - 1, 4) for pid in rss_warm if pid in rss_end]
    memory["growth_after_warmup"] = growth
    log(f"  mémoire des workers (ko) : après démarrage {memory['workers_rss_kb_after_start']}, "
        f"après chauffe {memory['workers_rss_kb_after_warmup']}, à la fin {memory['workers_rss_kb_at_end']}")
    return results, memory


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", action="store_true", help="keep the loaded bench database (no reload)")
    parser.add_argument("--events", type=int, default=EVENTS)
    parser.add_argument("--duration", type=int, default=15, help="seconds per scenario (at most 60)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--warmup", type=int, default=50, help="requests per URL before measuring")
    parser.add_argument("--only", type=lambda v: v.split(","), default=list(SCENARIOS), help="scenarios, comma-separated")
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--conditions", help="the machine's state during the run, recorded in the results")
    args = parser.parse_args()
    if not 1 <= args.duration <= 60:
        parser.error("--duration: 1 to 60 seconds")
    unknown = set(args.only) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    if not shutil.which("wrk"):
        sys.exit("wrk manquant : `bash scripts/services.sh start` l'installe (paquet Debian wrk)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    subprocess.run(["bash", str(BASE_DIR / "scripts" / "services.sh"), "start"], check=True, stdout=subprocess.DEVNULL)
    env = subprocess.run(["bash", str(BASE_DIR / "scripts" / "services.sh"), "env"], check=True,
                         capture_output=True, text=True).stdout
    for name, value in re.findall(r"export (\w+)=['\"]?([^'\"\n]*)", env):
        os.environ.setdefault(name, value)
    WORK.mkdir(parents=True, exist_ok=True)
    (WORK / "cold.lua").write_text(COLD_SCRIPT)

    started_at = time.time()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    if not args.reuse:
        load_data(args.events)
    else:
        migrate()
    collect_static()

    report_scenarios, memory = {}, {}
    for configuration in CONFIGURATIONS:
        names = [name for name in args.only if SCENARIOS[name][0] == configuration]
        if names:
            report_scenarios_part, memory[configuration] = run_configuration(configuration, names, args)
            report_scenarios.update(report_scenarios_part)

    def rps(name):
        return report_scenarios.get(name, {}).get("requests_per_second")

    targets = {}
    for name, minimum in TARGETS.items():
        for variant in (name, f"{name}_page_cache"):
            if rps(variant) is not None:
                targets[f"{variant}_ge_{minimum}_rps"] = rps(variant) >= minimum
    targets["zero_errors"] = all(s["socket_errors"] == 0 and s["non_2xx_3xx"] == 0 for s in report_scenarios.values())
    targets["p99_le_10x_p50"] = {name: s["p99_ms"] <= 10 * s["p50_ms"] for name, s in report_scenarios.items()}
    targets["memory_growth_le_10_percent"] = all(g <= 0.10 for m in memory.values() for g in m["growth_after_warmup"])
    if rps("home") is not None:
        targets["home_beats_bakerydemo_home_29_rps"] = rps("home") > BAKERYDEMO["home"]
    if rps("event") is not None:
        targets["event_beats_bakerydemo_blog_page_55_rps"] = rps("event") > BAKERYDEMO["blog_page"]

    report = {
        "benchmark": "load",
        "date": datetime.now(dt_timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "conditions": args.conditions or (
            "2 shared cores; other engineers' tests and benchmarks ran on the same machine at the same time, "
            "and wrk itself shares the two cores with gunicorn and PostgreSQL: absolute figures are noisy."
        ),
        "load_average_1_5_15": {"start": load_at_start, "end": [round(x, 2) for x in os.getloadavg()]},
        "setup": {
            "data": f"seed_demo + {args.events} benchmark events (bench/map_api.py's generator)",
            "server": f"gunicorn, {args.workers} sync workers, cms.settings.production, Redis cache, PostgreSQL and "
                      "Elasticsearch on loopback",
            "client": f"wrk --latency -t{args.threads} -c{args.connections} -d{args.duration}s, Host: {HOST}",
            "warmup_requests_per_url": args.warmup,
            "configurations": CONFIGURATIONS,
            "map_cold": "the map API with its response cache off: every response generated",
            "bakerydemo_reference_rps": BAKERYDEMO,
        },
        "scenarios": report_scenarios,
        "memory": memory,
        "targets": targets,
        "total_seconds": round(time.time() - started_at, 1),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    log("\n" + json.dumps(targets, indent=2))
    log(f"Résultats : {args.out}")


if __name__ == "__main__":
    main()
