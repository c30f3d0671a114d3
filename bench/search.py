"""Search benchmark: Elasticsearch against Wagtail's database backend on PostgreSQL.

    .venv/bin/python bench/search.py                  # 10k then 100k pages
    .venv/bin/python bench/search.py --sizes 2000     # a quick try

Starts the project's services (scripts/services.sh), creates its own PostgreSQL database
`echo_bench` (dropped and recreated, never the development or test ones) and its own
Elasticsearch index prefix `echo_bench_`. For each size it bulk-loads pages (COPY into the
page tables, tree paths computed here: no per-page save), rebuilds both indexes with
`update_index` (the Elasticsearch full-reindex time is one of the figures), then runs a
set of realistic French queries through the search page's own code (`search.query.PageSearch`:
the count, the first ten results, the type facets) on each backend, a warm-up pass then
`--repeat` timed passes. It prints median and p95 per backend and their ratio, and writes
everything to bench/results/search.json.
"""

import argparse
import io
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import time
import uuid
from datetime import datetime, timedelta, timezone as dt_timezone
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

BENCH_DB = "echo_bench"
BENCH_INDEX = "echo_bench"
RESULTS = BASE_DIR / "bench" / "results" / "search.json"

QUERIES = [
    "étoiles filantes",
    "planète rouge",
    "observatoire",
    "biodiversité jardin",
    "réchauffement climatique",
    "fouilles archéologiques",
    "intelligence artificielle",
    "volcans",
    "énergie renouvelable",
    "chimie expériences enfants",
    "mathématiques",
    "conférence astronomie",
    "musée sciences naturelles",
    "abeilles pollinisation",
]

SUBJECTS = [
    ("étoile filante", "étoiles filantes"), ("planète", "planètes"), ("comète", "comètes"),
    ("galaxie", "galaxies"), ("observatoire", "observatoires"), ("télescope", "télescopes"),
    ("volcan", "volcans"), ("glacier", "glaciers"), ("océan", "océans"), ("forêt", "forêts"),
    ("abeille", "abeilles"), ("fouille archéologique", "fouilles archéologiques"),
    ("expérience de chimie", "expériences de chimie"), ("robot", "robots"),
    ("algorithme", "algorithmes"), ("énergie renouvelable", "énergies renouvelables"),
    ("jardin botanique", "jardins botaniques"), ("musée", "musées"), ("fossile", "fossiles"),
    ("vaccin", "vaccins"), ("cellule", "cellules"), ("théorème", "théorèmes"),
    ("climat", "climats"), ("rivière", "rivières"), ("papillon", "papillons"),
    ("satellite", "satellites"), ("météorite", "météorites"), ("microscope", "microscopes"),
]
THEMES = [
    "astronomie", "biodiversité", "climat", "chimie", "archéologie", "numérique",
    "mathématiques", "santé", "physique", "patrimoine",
]
WORDS = (
    "la science les chercheurs observent mesurent comprennent expliquent public curieux enfants "
    "familles laboratoire université terrain données modèle hypothèse découverte histoire nature "
    "ciel nuit lumière eau énergie vivant espèces pollinisation réchauffement climatique température "
    "intelligence artificielle calcul nombres géométrie molécules réactions atomes conférence atelier "
    "exposition visite guidée animation médiation Orléans Tours Bourges Chartres Blois Loire région "
    "sciences naturelles astronomie amateurs étudiants jeunes seniors patrimoine industriel fouilles "
    "volcanisme géologie roches océans courants glace neige forêts arbres insectes oiseaux jardin"
).split()
TYPES = [("article", 0.4), ("event", 0.3), ("place", 0.2), ("dossier", 0.1)]


def sh(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True, cwd=BASE_DIR).stdout


def services_env():
    """Start the project's servers if needed; return their DATABASE_URL and ELASTICSEARCH_URL."""
    sh("bash", "scripts/services.sh", "start")
    env = {}
    for line in sh("bash", "scripts/services.sh", "env").splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        env[key] = value
    return env


def recreate_database(server_url):
    import psycopg

    admin_url = server_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    return server_url.rsplit("/", 1)[0] + f"/{BENCH_DB}"


def setup_django(database_url, elasticsearch_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ["ELASTICSEARCH_URL"] = elasticsearch_url
    os.environ["ELASTICSEARCH_INDEX"] = BENCH_INDEX
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    import django
    from django.conf import settings

    django.setup()
    # (b) Wagtail's database backend on the same PostgreSQL, with its French text search config.
    settings.WAGTAILSEARCH_BACKENDS["db"] = {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "french",
    }
    settings.DEBUG = False


# Loading -------------------------------------------------------------------------------------


class Loader:
    """Adds content pages under the four section pages of one site, in bulk."""

    STEPLEN = 4
    ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

    def __init__(self, rng):
        from django.contrib.contenttypes.models import ContentType
        from wagtail.models import Locale, Page, Site

        from content_types.models import (
            AgendaPage, ArticleIndexPage, ArticlePage, DossierIndexPage, DossierPage, EventPage,
            PlaceIndexPage, PlacePage,
        )
        from home.models import HomePage

        self.rng = rng
        root = Page.get_first_root_node()
        Page.objects.filter(depth=2).exclude(content_type=ContentType.objects.get_for_model(HomePage)).delete()
        home = HomePage.objects.first()
        if home is None:
            home = root.add_child(instance=HomePage(title="Echosciences Banc d'essai", slug="banc-essai"))
            Site.objects.all().delete()
            Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                                site_name="Banc d'essai")
        self.site = Site.objects.get(is_default_site=True)
        self.locale = Locale.get_default()
        self.models = {"article": ArticlePage, "event": EventPage, "place": PlacePage, "dossier": DossierPage}
        self.sections = {}
        for key, model in [("article", ArticleIndexPage), ("event", AgendaPage),
                           ("place", PlaceIndexPage), ("dossier", DossierIndexPage)]:
            section = model.objects.child_of(home).first()
            if section is None:
                section = home.add_child(instance=model(title=f"Section {key}", slug=f"section-{key}"))
            self.sections[key] = Page.objects.get(pk=section.pk)
        self.content_types = {k: ContentType.objects.get_for_model(m) for k, m in self.models.items()}
        from taggit.models import Tag

        self.tags = [Tag.objects.get_or_create(slug=slug, defaults={"name": slug})[0] for slug in THEMES]

    def encode(self, number):
        digits = []
        for _ in range(self.STEPLEN):
            number, rest = divmod(number, len(self.ALPHABET))
            digits.append(self.ALPHABET[rest])
        return "".join(reversed(digits))

    def sentence(self, subject=None):
        words = self.rng.choices(WORDS, k=self.rng.randint(8, 14))
        if subject:
            words.insert(self.rng.randint(0, len(words)), subject)
        return " ".join(words).capitalize() + "."

    def texts(self):
        singular, plural = self.rng.choice(SUBJECTS)
        other = self.rng.choice(SUBJECTS)[self.rng.randint(0, 1)]
        title = self.rng.choice([
            f"{plural.capitalize()} et {other}", f"À la découverte des {plural}",
            f"Le {singular} vu par les chercheurs" if not singular[0] in "aeéiou" else f"L'{singular} en question",
            f"Nuit des {plural}", f"Comprendre les {plural}", f"{singular.capitalize()} : {self.sentence()[:-1].lower()}",
        ])[:250]
        summary = self.sentence(singular)[:300]
        body = [
            {"type": "paragraph", "value": "".join(
                f"<p>{self.sentence(self.rng.choice([singular, plural, None]))}</p>" for _ in range(3)
            ), "id": str(uuid.uuid4())}
            for _ in range(2)
        ]
        return title, summary, body

    def add(self, count):
        """Add `count` pages, spread over the four types; returns the seconds it took."""
        from django.db import connection, transaction
        from wagtail.models import Page

        from content_types.models import EventOccurrence

        started = time.perf_counter()
        self.new_pks = {}
        now = datetime.now(dt_timezone.utc)
        per_type = {key: int(count * share) for key, share in TYPES}
        per_type["article"] += count - sum(per_type.values())
        with transaction.atomic():
            for key, number in per_type.items():
                section = self.sections[key]
                model = self.models[key]
                first = section.numchild + 1
                pages, extras = [], []
                for offset in range(number):
                    position = first + offset
                    title, summary, body = self.texts()
                    slug = f"{key}-{position}"
                    published = now - timedelta(minutes=self.rng.randint(0, 60 * 24 * 365 * 3))
                    pages.append(Page(
                        title=title, draft_title=title, slug=slug, content_type=self.content_types[key],
                        path=section.path + self.encode(position), depth=section.depth + 1, numchild=0,
                        url_path=f"{section.url_path}{slug}/", live=True, has_unpublished_changes=False,
                        first_published_at=published, last_published_at=published,
                        live_revision=None, locale=self.locale, translation_key=uuid.uuid4(),
                    ))
                    extras.append((summary, body, published))
                created = Page.objects.bulk_create(pages, batch_size=2000)
                self.new_pks[model._meta.label] = [page.pk for page in created]
                self.copy_specific_rows(model, created, extras)
                through = model.tags.through
                through.objects.bulk_create(
                    [through(content_object_id=page.pk, tag=tag)
                     for page in created for tag in self.rng.sample(self.tags, self.rng.randint(1, 2))],
                    batch_size=5000,
                )
                if key == "event":
                    occurrences = []
                    for page in created:
                        start = now + timedelta(days=self.rng.randint(-200, 300), hours=self.rng.randint(0, 12))
                        occurrences.append(EventOccurrence(event_id=page.pk, start=start, end=start + timedelta(hours=2), sort_order=0))
                    EventOccurrence.objects.bulk_create(occurrences, batch_size=5000)
                Page.objects.filter(pk=section.pk).update(numchild=first - 1 + number)
                section.numchild = first - 1 + number
        connection.close()
        return time.perf_counter() - started

    def copy_specific_rows(self, model, pages, extras):
        """The page type's own table (page_ptr + its fields), through PostgreSQL's COPY."""
        from django.db import connection

        fields = [f for f in model._meta.local_concrete_fields]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
                for page, (summary, body, published) in zip(pages, extras):
                    instance = model(page_ptr_id=page.pk, summary=summary, body=body)
                    if hasattr(instance, "date"):
                        instance.date = published.date()
                    if hasattr(instance, "city"):
                        instance.city = self.rng.choice(["Orléans", "Tours", "Bourges", "Chartres", "Blois"])
                    row = []
                    for field in fields:
                        row.append(field.get_db_prep_save(getattr(instance, field.attname), connection))
                    copy.write_row(row)


# Measuring --------------------------------------------------------------------------------------


def reindex(backend_name):
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("update_index", backend_name=backend_name, stdout=io.StringIO(), chunk_size=1000)
    return time.perf_counter() - started


def _index_worker(backend_name, model_label, pks):
    """Runs in a forked process: Wagtail's own indexing code for a slice of the new pages."""
    from django.apps import apps
    from django.db import connections
    from wagtail.search.backends import get_search_backend

    connections.close_all()
    model = apps.get_model(model_label)
    index = get_search_backend(backend_name).get_index_for_model(model)
    for start in range(0, len(pks), 500):
        chunk = list(model.get_indexed_objects().filter(pk__in=pks[start:start + 500]).order_by("pk"))
        index.add_items(model, chunk)
    connections.close_all()


def index_new_pages(backend_name, new_pks_by_model, workers=2):
    """Index just-loaded pages into the database backend with its own code, in parallel.

    Wagtail's database backend needs ~10 ms a page here (every field extracted five times);
    a full `update_index` at 100k pages would not fit the benchmark's time box, and the
    figure that matters for it is query latency. Pages already indexed stay as they are.
    """
    import multiprocessing

    from django.db import connections

    started = time.perf_counter()
    connections.close_all()
    context = multiprocessing.get_context("fork")
    jobs = []
    for model_label, pks in new_pks_by_model.items():
        for part in range(workers):
            jobs.append((backend_name, model_label, pks[part::workers]))
    with context.Pool(workers) as pool:
        pool.starmap(_index_worker, jobs)
    return time.perf_counter() - started


def search_page_once(site, query, backend):
    """What /recherche/?q=… asks of the backend: the total, the first ten results, the type facets."""
    from search.query import PageSearch

    found = PageSearch(site, query=query, backend=backend).page(1, 10)  # cards' details included
    return found.total, len(found.results)


def top_ten_once(site, query, backend):
    """One query through Wagtail's search API: the ten best live, public pages of the site."""
    from search.query import searchable_pages

    return len(list(searchable_pages(site).search(query, operator="and", backend=backend)[:10]))


def percentiles(timings):
    timings = sorted(timings)
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(0, int(len(timings) * 0.95) - 1)], 1),
        "samples": len(timings),
    }


def measure(site, backend, repeat, budget_seconds):
    """Median and p95 of (a) the top ten through the backend, (b) the whole search page's work.

    A warm-up pass, then up to `repeat` timed passes over all the queries, stopping early
    (after at least one pass) when `budget_seconds` are spent: a slow backend at 100k pages
    must not blow the benchmark's time box. The sample count is recorded.
    """
    totals = {}
    for query in QUERIES:  # warm-up: caches, JIT, connections
        totals[query] = search_page_once(site, query, backend)[0]
        top_ten_once(site, query, backend)
    query_timings, page_timings = [], []
    started = time.perf_counter()
    for number in range(repeat):
        if number and time.perf_counter() - started > budget_seconds:
            break
        for query in QUERIES:
            started = time.perf_counter()
            top_ten_once(site, query, backend)
            query_timings.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            search_page_once(site, query, backend)
            page_timings.append((time.perf_counter() - started) * 1000)
    return {**percentiles(query_timings), "search_page": percentiles(page_timings), "hits_per_query": totals}


def refresh_elasticsearch():
    from wagtail.models import Page
    from wagtail.search.backends import get_search_backend

    get_search_backend("default").get_index_for_model(Page).refresh()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--budget", type=float, default=90, help="seconds of timed passes per backend and size")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()

    run_started = time.perf_counter()
    load_before = os.getloadavg()
    env = services_env()
    database_url = recreate_database(env["DATABASE_URL"])
    setup_django(database_url, env["ELASTICSEARCH_URL"])

    from django.core.management import call_command
    from wagtail.models import Page

    print(f"Base {BENCH_DB} créée ; migrations…", flush=True)
    call_command("migrate", verbosity=0)
    loader = Loader(random.Random(20261129))
    site = loader.site
    es_version = subprocess.run(
        ["curl", "-s", env["ELASTICSEARCH_URL"]], capture_output=True, text=True
    ).stdout
    results = {
        "benchmark": "bench/search.py",
        "date": datetime.now(dt_timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(), "python": platform.python_version()},
        "elasticsearch": json.loads(es_version).get("version", {}).get("number") if es_version else None,
        "elasticsearch_heap": "-Xms512m -Xmx1g (scripts/services.sh)",
        "database_backend": "wagtail.search.backends.database on PostgreSQL, SEARCH_CONFIG='french'",
        "measured": (
            "median_ms/p95_ms: one query through Wagtail's search API, first 10 live public pages of the site "
            "(backend request + page rows); search_page: what /recherche/ asks: total + first 10 + type facets"
        ),
        "queries": QUERIES,
        "repeat": args.repeat,
        "sizes": [],
    }
    loaded = 0
    for size in sorted(args.sizes):
        print(f"\n== {size} pages", flush=True)
        load_seconds = loader.add(size - loaded)
        loaded = size
        content_pages = Page.objects.filter(depth=4).count()
        print(f"chargement : {content_pages} pages en base (ajout en {load_seconds:.1f} s)", flush=True)
        es_reindex = reindex("default")
        refresh_elasticsearch()
        print(f"réindexation complète Elasticsearch : {es_reindex:.1f} s", flush=True)
        db_reindex = index_new_pages("db", loader.new_pks)
        print(f"backend base de données : nouvelles pages indexées en {db_reindex:.1f} s (2 processus)", flush=True)
        es = measure(site, "default", args.repeat, args.budget)
        db = measure(site, "db", args.repeat, args.budget)
        ratio = round(db["median_ms"] / es["median_ms"], 2) if es["median_ms"] else None
        page_ratio = round(db["search_page"]["median_ms"] / es["search_page"]["median_ms"], 2)
        for label, figures in (("Elasticsearch  ", es), ("Base de données", db)):
            print(
                f"{label} : requête (10 premiers) médiane {figures['median_ms']} ms, p95 {figures['p95_ms']} ms ; "
                f"page de recherche (total + 10 + facettes) médiane {figures['search_page']['median_ms']} ms, "
                f"p95 {figures['search_page']['p95_ms']} ms",
                flush=True,
            )
        print(f"rapport des médianes base / Elasticsearch : requête {ratio}, page {page_ratio}", flush=True)
        results["sizes"].append({
            "pages": content_pages,
            "load_seconds": round(load_seconds, 1),
            "elasticsearch_full_reindex_seconds": round(es_reindex, 1),
            "database_backend_indexing_new_pages_seconds_2_processes": round(db_reindex, 1),
            "elasticsearch": es,
            "database": db,
            "median_ratio_database_over_elasticsearch": ratio,
            "search_page_median_ratio_database_over_elasticsearch": page_ratio,
            "target_met": bool(size < 100_000 or (es["median_ms"] <= 50 and es["median_ms"] < db["median_ms"])),
        })
    results["total_seconds"] = round(time.perf_counter() - run_started, 1)
    results["load_average_before_after"] = [round(x, 2) for x in (*load_before[:1], os.getloadavg()[0])]
    results["note"] = (
        "Taken on a 2-core machine shared with other engineers' test runs (concurrent load); "
        "figures are indicative."
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
    print(f"\nrésultats : {args.output} ({results['total_seconds']} s en tout)")


if __name__ == "__main__":
    main()
