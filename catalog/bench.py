"""``python -m catalog.bench``: query latency on a synthetic 100,000-site catalogue.

Builds a synthetic database with the real schema (names recombined from the characters of real
site names, random designations, themes, greenways and points inside Jinzhong's bounding box),
then times the repository's search and filter queries as the pages issue them (first page of 50
ids plus the match count capped at 1,000) and prints p50/p95 per query. Target: p95 < 50 ms on 2 cores.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlite_utils import Database

from catalog import schema
from catalog.models import DESIGNATION_KINDS, THEMES
from catalog.paths import DEFAULT_DB
from catalog.repository import Catalog
from catalog.searchtext import pinyin_of, search_text

SUFFIXES = ("村", "古堡", "大院", "寺", "庙", "古城", "遗址", "旧址", "塔", "书院")
LEVELS_WEIGHTED = ("national", "provincial", "provincial", "city", "county", "county")


def make_db(path: Path, n: int, seed: int = 7) -> None:
    """Write a synthetic catalogue of ``n`` sites to ``path``."""
    rng = random.Random(seed)
    with Catalog(DEFAULT_DB, readonly=True) as real:
        counties = [dict(r) for r in real.conn.execute("SELECT * FROM counties")]
        boundaries = [dict(r) for r in real.conn.execute("SELECT * FROM county_boundaries")]
        names = [r[0] for r in real.conn.execute("SELECT name_zh FROM sites")]
    chars = sorted({c for name in names for c in name if "\u4e00" <= c <= "\u9fff"})
    db = Database(sqlite3.connect(path))
    schema.apply(db)
    db["counties"].insert_all(counties)
    db["county_boundaries"].insert_all(boundaries)
    for gid in ("dayun", "hongse-taihang", "nanbu-shandi"):
        db["greenways"].insert({"id": gid, "name_zh": gid, "name_en": gid, "version": 1})
    county_names = {c["adcode"]: c["name_zh"] for c in counties}
    sites, themes, designations, greenways = [], [], [], []
    syllable_cache: dict[str, tuple[str, str]] = {}
    for i in range(n):
        name = "".join(rng.choice(chars) for _ in range(rng.randint(2, 4))) + rng.choice(SUFFIXES)
        if name not in syllable_cache:
            syllable_cache[name] = pinyin_of(name)
        pinyin, initials = syllable_cache[name]
        adcode = rng.choice(counties)["adcode"]
        site = {
            "id": f"syn-{i:06d}",
            "name_zh": name,
            "name_en": f"Site {i} {rng.choice(('Temple', 'Village', 'Compound', 'Tower'))}",
            "pinyin": pinyin,
            "pinyin_initials": initials,
            "county_adcode": adcode,
            "lat": rng.uniform(36.6, 38.1),
            "lon": rng.uniform(111.4, 114.0),
            "coord_precision": "village",
            "kind": "temple",
            "themes": "[]",
            "hours_json": '{"always_open": true}',
            "sources": "[]",
            "retired": 0,
            "version": 1,
        }
        site["search_text"] = search_text(site, county_names[adcode], [])
        sites.append(site)
        for theme in rng.sample(THEMES, rng.randint(1, 2)):
            themes.append({"site_id": site["id"], "theme": theme})
        for _ in range(rng.randint(1, 3)):
            designations.append(
                {
                    "site_id": site["id"],
                    "kind": rng.choice(DESIGNATION_KINDS),
                    "level": rng.choice(LEVELS_WEIGHTED),
                    "version": 1,
                }
            )
        if rng.random() < 0.01:
            greenways.append(
                {"site_id": site["id"], "greenway_id": "dayun", "stop_order": rng.randint(1, 14)}
            )
    with db.atomic():
        db["sites"].insert_all(sites, batch_size=5000)
        db["site_themes"].insert_all(themes, batch_size=5000, ignore=True)
        db["designations"].insert_all(designations, batch_size=5000)
        db["site_greenways"].insert_all(greenways, batch_size=5000, ignore=True)
    db.execute("ANALYZE")
    db.conn.close()


QUERIES: list[tuple[str, dict]] = [
    ("text: 1 Chinese char", {"text": "寺"}),
    ("text: 2 Chinese chars", {"text": "王家"}),
    ("text: 2 latin chars (LIKE scan)", {"text": "qi"}),
    ("text: 3 Chinese chars (trigram)", {"text": "王家大"}),
    ("text: pinyin 'wangjia'", {"text": "wangjia"}),
    ("text: English 'temple'", {"text": "temple"}),
    ("filter: kind + level", {"kinds": ["中国传统村落"], "levels": ["national"]}),
    ("filter: county", {"counties": ["平遥县"]}),
    ("filter: theme", {"themes": ["晋商文化"]}),
    ("filter: greenway", {"greenways": ["dayun"]}),
    (
        "filter: county + theme + text",
        {"counties": ["介休市"], "themes": ["宗教建筑"], "text": "寺"},
    ),
    ("near: 10 km of Pingyao", {"near": (37.2, 112.18, 10.0)}),
    ("all sites, first page", {}),
]


def run(path: Path, repeats: int) -> list[tuple[str, float, float, int]]:
    """(query, p50 ms, p95 ms, matches) per query, as the catalogue page issues it: the first
    page of 50 ids plus the match count capped at 1,000 (shown as "1,000+")."""
    rows = []
    with Catalog(path, readonly=True) as cat:
        for label, filters in QUERIES:
            times, total = [], 0
            for _ in range(repeats):
                start = time.perf_counter()
                _, total = cat.page(**filters, limit=50)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
            rows.append((label, statistics.median(times), p95, total))
    return rows


def main(argv: list[str] | None = None) -> int:
    """Build (or reuse) the synthetic catalogue and print the latency table."""
    parser = argparse.ArgumentParser(prog="python -m catalog.bench", description=__doc__)
    parser.add_argument("--sites", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--db", type=Path, help="keep the synthetic db here (default: temp)")
    args = parser.parse_args(argv)
    if args.sites < 1 or args.repeats < 1:
        print("error: --sites and --repeats must be at least 1", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "synthetic.db"
        if not path.exists():
            start = time.perf_counter()
            make_db(path, args.sites)
            print(f"built {args.sites:,} synthetic sites in {time.perf_counter() - start:.1f} s")
        results = run(path, args.repeats)
    width = max(len(r[0]) for r in results)
    print(f"\n{'query'.ljust(width)}  {'p50 ms':>8}  {'p95 ms':>8}  {'matches':>8}")
    for label, p50, p95, total in results:
        print(f"{label.ljust(width)}  {p50:8.1f}  {p95:8.1f}  {total:8,}")
    worst = max(r[2] for r in results)
    print(f"\nworst p95: {worst:.1f} ms (target < 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
