"""Open-data CSV benchmark: the streamed agenda CSV at 1k, 10k and 100k events.

    .venv/bin/python bench/open_data_csv.py                 # 1k, 10k then 100k events
    .venv/bin/python bench/open_data_csv.py --sizes 2000    # a quick try

Builds its own PostgreSQL database `echo_bench_opendata` with the map benchmark's bulk
loader (bench/map_api.py: tree paths computed, no per-page save), adds a « Données
ouvertes » page, then downloads /donnees-ouvertes/evenements/csv/ through Django's test
client, consuming the stream as a client would. For each size it reports the rows, the
time, the database queries and the peak of Python memory allocated while streaming
(tracemalloc): constant memory means that peak does not grow with the number of events.
Results go to bench/results/open_data_csv.json.
"""

import argparse
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
sys.path.insert(0, str(BASE_DIR / "bench"))

import map_api  # noqa: E402  (the bulk loader and its settings)

map_api.BENCH_DB = "echo_bench_opendata"
RESULTS = BASE_DIR / "bench" / "results" / "open_data_csv.json"


def download(client):
    response = client.get("/donnees-ouvertes/evenements/csv/", HTTP_HOST="localhost")
    rows, size_bytes = -1, 0  # the header row is not an event
    for chunk in response.streaming_content:
        rows += chunk.count(b"\r\n")
        size_bytes += len(chunk)
    return rows, size_bytes


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--out", default=str(RESULTS))
    args = parser.parse_args()

    os.environ.setdefault("DATABASE_URL", "postgres://echo@127.0.0.1:55432/echo")
    work = Path(tempfile.mkdtemp(prefix="echo-bench-opendata-"))
    (work / "bench_map_settings.py").write_text(map_api.SETTINGS % {"media": str(work / "media")})
    (work / "bench_map_support.py").write_text(map_api.SUPPORT % {"floor": str(work / "floor")})
    os.environ.update(DATABASE_URL=map_api.server_dsn(map_api.BENCH_DB), DJANGO_SETTINGS_MODULE="bench_map_settings")
    sys.path.insert(0, str(work))
    map_api.recreate_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client

    from content_types.models import OpenDataPage

    call_command("migrate", verbosity=0)
    loader = map_api.Loader(random.Random(42))
    home = loader.region_agenda.get_parent()
    home.add_child(instance=OpenDataPage(title="Données ouvertes", slug="donnees-ouvertes"))
    client = Client()
    results = []
    for size in args.sizes:
        loader.add_events(size)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        # Timed without tracing, then again with tracemalloc for the memory peak.
        connection.force_debug_cursor = True
        reset_queries()
        started = time.perf_counter()
        rows, size_bytes = download(client)
        elapsed = time.perf_counter() - started
        queries = len(connection.queries)
        connection.force_debug_cursor = False
        tracemalloc.start()
        download(client)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        entry = {"events": loader.events, "rows": rows, "seconds": round(elapsed, 2), "queries": queries,
                 "peak_python_memory_mib": round(peak / 2**20, 1), "megabytes": round(size_bytes / 1e6, 1)}
        print(json.dumps(entry), flush=True)
        results.append(entry)
    Path(args.out).write_text(json.dumps({"csv_stream": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
