"""Lighthouse (npm's `lighthouse`, Debian's Chromium, mobile) on every public page type.

    python bench/lighthouse.py http://127.0.0.1:8000 [--out bench/results/lighthouse.json]

Needs a server over the demo data (`make run`) and `npm ci` (lighthouse is a dev dependency;
LIGHTHOUSE_BIN points elsewhere). The map tile server is blocked, as on a machine that cannot
reach it: the scores must hold without tiles. Writes each page's four scores and the audits
that cost points, prints a table, and exits 1 when a score is under --minimum (95).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TILE_PATTERNS = ["*tile.openstreetmap.org*", "*tiles.*", "*basemaps.cartocdn.com*"]


def first_link(base, path, pattern):
    """The first link on `path` matching `pattern` (a detail page of each type)."""
    html = urllib.request.urlopen(base + path, timeout=30).read().decode()
    found = re.search(pattern, html)
    return found.group(1) if found else None


def page_types(base):
    agenda_event = first_link(base, "/agenda/", r'<h3 class="card__title"><a href="(/agenda/[^"]+/)"')
    place = first_link(base, "/a-visiter/", r'<h3 class="card__title"><a href="(/a-visiter/[^"]+/)"')
    article = first_link(base, "/articles/", r'<h3 class="card__title"><a href="(/articles/[^"]+/)"')
    dossier = first_link(base, "/dossiers/", r'<h3 class="card__title"><a href="(/dossiers/[^"]+/)"')
    annonce = first_link(base, "/annonces/", r'<h3 class="card__title"><a href="(/annonces/[^"]+/)"')
    project = first_link(base, "/projets/", r'<h3 class="card__title"><a href="(/projets/[^"]+/)"')
    community = first_link(base, "/communautes/", r'<h3 class="card__title"><a href="(/communautes/[^"]+/)"')
    member = first_link(base, "/membres/", r'href="(/membres/[^"/]+/)"')
    pages = {
        "accueil": "/",
        "agenda": "/agenda/",
        "evenement": agenda_event,
        "lieux": "/a-visiter/",
        "lieu": place,
        "articles": "/articles/",
        "article": article,
        "dossiers": "/dossiers/",
        "dossier": dossier,
        "annonces": "/annonces/",
        "annonce": annonce,
        "projets": "/projets/",
        "projet": project,
        "communautes": "/communautes/",
        "communaute": community,
        "membres": "/membres/",
        "membre": member,
        "carte": "/carte/",
        "thematiques": "/thematiques/",
        "thematique": "/thematiques/astronomie/",
        "donnees-ouvertes": "/donnees-ouvertes/",
        "recherche": "/recherche/?q=astronomie",
        "mentions-legales": "/mentions-legales/",
        "confidentialite": "/confidentialite/",
        "contact": "/contact/",
        "inscription": "/compte/signup/",
    }
    return {name: path for name, path in pages.items() if path}


def run_lighthouse(binary, url, chrome):
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "report.json"
        command = [
            binary, url, "--quiet", "--output=json", f"--output-path={output}",
            "--only-categories=" + ",".join(CATEGORIES),
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
            "--max-wait-for-load=45000",
            *[f"--blocked-url-patterns={pattern}" for pattern in TILE_PATTERNS],
        ]
        env = {**os.environ, "CHROME_PATH": chrome}
        for attempt in (1, 2):  # Chromium sometimes fails to start on a busy machine: one retry
            done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=240, text=True)
            if done.returncode == 0:
                return json.loads(output.read_text())
            print(f"lighthouse a échoué ({url}, essai {attempt}) : {done.stderr.strip()[-500:]}", file=sys.stderr)
        raise SystemExit(f"lighthouse n’a pas pu auditer {url}")


def summarise(report):
    scores = {key: round(report["categories"][key]["score"] * 100) for key in CATEGORIES}
    lost = []
    for key in CATEGORIES:
        for ref in report["categories"][key]["auditRefs"]:
            audit = report["audits"].get(ref["id"], {})
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                lost.append(f"{key}: {ref['id']} ({audit.get('displayValue') or audit['score']})")
    metrics = {
        name: report["audits"][name].get("displayValue")
        for name in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")
        if name in report["audits"]
    }
    return {"scores": scores, "metrics": metrics, "lost": lost}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="the demo's address, e.g. http://127.0.0.1:8000")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "lighthouse.json"))
    parser.add_argument("--minimum", type=int, default=95)
    parser.add_argument("--only", nargs="*", help="page types to audit (default: all)")
    parser.add_argument("--lighthouse", default=os.environ.get("LIGHTHOUSE_BIN", str(ROOT / "node_modules" / ".bin" / "lighthouse")))
    parser.add_argument("--chrome", default=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
    args = parser.parse_args()

    base = args.base.rstrip("/")
    pages = page_types(base)
    if args.only:
        pages = {name: path for name, path in pages.items() if name in args.only}
    results = {}
    for name, path in pages.items():
        started = time.monotonic()
        report = run_lighthouse(args.lighthouse, base + path, args.chrome)
        results[name] = {"path": path, **summarise(report), "seconds": round(time.monotonic() - started, 1)}
        scores = results[name]["scores"]
        print(f"{name:18} " + "  ".join(f"{key[:4]} {scores[key]:3d}" for key in CATEGORIES), flush=True)

    failing = {}
    for name, result in results.items():
        for category, score in result["scores"].items():
            if score < args.minimum:
                failing.setdefault(name, {})[category] = score
    payload = {
        "tool": f"lighthouse (npm), mobile, {args.chrome}, map tiles blocked",
        "base": base,
        "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
        "minimum": args.minimum,
        "pages": results,
        "failing": failing,
    }
    Path(args.out).write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
    print(f"→ {args.out}" + (f" ; sous {args.minimum} : {', '.join(failing)}" if failing else f" ; tout ≥ {args.minimum}"))
    sys.exit(1 if failing else 0)


if __name__ == "__main__":
    main()
