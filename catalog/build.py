"""``python -m catalog build``: merge the seed files and write ``data/heritage.db``.

The build is deterministic: the same seed files give the same database, byte for byte (rows are
written in sorted order and every timestamp comes from the seed, not the clock).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pypinyin import Style, lazy_pinyin
from sqlite_utils import Database

from catalog import schema
from catalog.coords import haversine_m, to_wgs84
from catalog.defaults import SITE_KINDS, defaults_for
from catalog.geo import CountyShape, load_shapes
from catalog.models import PRECISIONS, OpeningHours
from catalog.paths import DEFAULT_DB, SEED_DIR
from catalog.seed import Row, Seed, SeedError, read_seed, split_list

SEED_ACTOR = "seed"
DUPLICATE_RADIUS_M = 150.0

# Generic endings that do not identify a place: "张壁村" and "张壁古堡" share the core "张壁".
_GENERIC_SUFFIXES = (
    "旧址",
    "遗址",
    "古建筑群",
    "建筑群",
    "古城",
    "古镇",
    "古村",
    "古堡",
    "大院",
    "庄园",
    "景区",
    "村",
    "堡",
    "镇",
    "城",
)

_MERGED_LIST_FIELDS = ("themes",)
_SCALAR_FIELDS = (
    "name_zh",
    "name_en",
    "county_adcode",
    "township",
    "village",
    "address",
    "kind",
)


@dataclass
class BuildReport:
    """What a build produced, for the CLI and the tests."""

    db_path: Path
    sites: int = 0
    designations: int = 0
    intangible: int = 0
    county_placed: list[str] = field(default_factory=list)  # sites with no sourced point


def name_core(name: str) -> str:
    """The identifying part of a place name (suffixes such as 村/古堡/大院 removed)."""
    core = name
    changed = True
    while changed:
        changed = False
        for suffix in _GENERIC_SUFFIXES:
            if core.endswith(suffix) and len(core) > len(suffix) + 1:
                core = core[: -len(suffix)]
                changed = True
    return core


def pinyin_of(text: str) -> tuple[str, str]:
    """(spaced toneless pinyin, initials) of a Chinese name; ASCII passes through lowercased."""
    syllables = [
        s.lower() for s in lazy_pinyin(text, errors=lambda chars: list(chars)) if s.strip()
    ]
    initials = "".join(s[0] for s in lazy_pinyin(text, style=Style.FIRST_LETTER) if s.strip())
    return " ".join(syllables), initials.lower()


def merge_sites(seed: Seed) -> dict[str, dict]:
    """One dict per site id, merging the rows of every ``sites/*.csv`` file.

    Non-empty fields must agree across files; lists (themes) and sources accumulate.
    """
    merged: dict[str, dict] = {}
    for row in seed.rows("sites"):
        site = merged.setdefault(
            row["id"], {"id": row["id"], "themes": [], "sources": [], "notes": [], "rows": []}
        )
        site["rows"].append(row.where)
        for key in _SCALAR_FIELDS:
            value = row[key]
            if not value:
                continue
            if site.get(key) and site[key] != value:
                seed.problem(
                    row,
                    f"site {row['id']}: {key} {value!r} conflicts with {site[key]!r} "
                    f"from {site['rows'][0]}",
                )
            else:
                site[key] = value
        for theme in split_list(row["themes"]):
            if theme not in site["themes"]:
                site["themes"].append(theme)
        if row["source"] not in site["sources"]:
            site["sources"].append(row["source"])
        if row["note"] and row["note"] not in site["notes"]:
            site["notes"].append(row["note"])
    for site_id, site in merged.items():
        for key in ("name_zh", "county_adcode", "kind"):
            if not site.get(key):
                seed.problem(site["rows"][0], f"site {site_id}: {key} is missing in every row")
    return merged


def _evidence(seed: Seed, sites: dict[str, dict]) -> dict[str, list[dict]]:
    evidence: dict[str, list[dict]] = {}
    for row in seed.rows("coordinates"):
        if row["site_id"] not in sites:
            seed.problem(row, f"coordinate for unknown site {row['site_id']!r}")
            continue
        try:
            lon_src, lat_src = float(row["lon"]), float(row["lat"])
            lon, lat = to_wgs84(lon_src, lat_src, row["crs"])
        except ValueError:
            continue  # already reported by the row check
        evidence.setdefault(row["site_id"], []).append(
            {
                "site_id": row["site_id"],
                "lon_source": lon_src,
                "lat_source": lat_src,
                "crs": row["crs"],
                "lon": round(lon, 6),
                "lat": round(lat, 6),
                "precision": row["precision"],
                "status": row["status"],
                "chosen": 0,
                "source": row["source"],
                "note": row["note"],
            }
        )
    return evidence


def choose_coordinate(rows: list[dict]) -> dict | None:
    """The best usable evidence: finest precision first, then file order. None if none is ok."""
    usable = [
        (PRECISIONS.index(r["precision"]), i, r) for i, r in enumerate(rows) if r["status"] == "ok"
    ]
    return min(usable)[2] if usable else None


def _check_duplicates(seed: Seed, sites: dict[str, dict]) -> None:
    allowed = {frozenset((r["site_id_a"], r["site_id_b"])) for r in seed.rows("distinct_pairs")}
    placed = sorted(
        (s for s in sites.values() if s["coord_precision"] in ("site", "village")),
        key=lambda s: s["lat"],
    )
    for i, a in enumerate(placed):
        for b in placed[i + 1 :]:
            if b["lat"] - a["lat"] > 0.002:  # ~220 m: nothing further can be within 150 m
                break
            if haversine_m(a["lon"], a["lat"], b["lon"], b["lat"]) > DUPLICATE_RADIUS_M:
                continue
            ca, cb = name_core(a["name_zh"]), name_core(b["name_zh"])
            if (ca in cb or cb in ca) and frozenset((a["id"], b["id"])) not in allowed:
                seed.problem(
                    "data/seed/distinct_pairs.csv",
                    f"sites {a['id']} ({a['name_zh']}) and {b['id']} ({b['name_zh']}) are "
                    f"{haversine_m(a['lon'], a['lat'], b['lon'], b['lat']):.0f} m apart with "
                    "similar names: merge them under one id, or list the pair as distinct",
                )


def _check_counties(seed: Seed, sites: dict[str, dict], shapes: dict[str, CountyShape]) -> None:
    exceptions = {r["site_id"] for r in seed.rows("county_exceptions")}
    for site in sites.values():
        shape = shapes.get(site["county_adcode"])
        if shape is None:
            seed.problem(site["rows"][0], f"no boundary for county {site['county_adcode']}")
            continue
        if site["id"] not in exceptions and not shape.contains_wgs84(site["lon"], site["lat"]):
            seed.problem(
                site["rows"][0],
                f"site {site['id']} ({site['name_zh']}): point {site['lon']:.5f},{site['lat']:.5f} "
                f"({site['coord_source']}) is outside {shape.name}; correct it or record an "
                "exception in county_exceptions.csv",
            )


def cjk_grams(text: str) -> list[str]:
    """Each Chinese character and each adjacent pair: ``"王家院"`` -> 王, 家, 院, 王家, 家院."""
    grams: list[str] = []
    run = ""
    for ch in text + " ":
        if "\u3400" <= ch <= "\u9fff":
            run += ch
            continue
        grams += list(run) + [run[i : i + 2] for i in range(len(run) - 1)]
        run = ""
    return grams


def _search_text(site: dict, county_name: str, designation_names: list[str]) -> str:
    """The lowercased text that search matches substrings in.

    After the fields comes every Chinese character and every adjacent pair, space-separated,
    so that a two-character query such as 王家 is the three-character sequence "王家 " and a
    one-character query such as 寺 is " 寺 ": both can then use the trigram index (trigrams
    need three characters; see ``catalog.repository._text_clause``).
    """
    joined = site["pinyin"].replace(" ", "")
    parts = [
        site["name_zh"],
        site.get("name_en") or "",
        site["pinyin"],
        joined,
        site["pinyin_initials"],
        county_name,
        site.get("township") or "",
        site.get("village") or "",
        site.get("address") or "",
        *designation_names,
    ]
    text = " | ".join(p for p in parts if p).lower()
    grams = sorted(set(cjk_grams(text)))
    return f"{text} || {' '.join(grams)} " if grams else text


def assemble(seed: Seed) -> dict:
    """Merge and check everything; returns the rows to write. Raises SeedError on problems."""
    sites = merge_sites(seed)
    shapes_path = seed.root / "boundaries_gcj02.geojson"
    shapes = load_shapes(shapes_path) if shapes_path.exists() else {}
    if not shapes:
        seed.problem(str(shapes_path), "county boundaries are missing")
    counties = {r["adcode"]: r for r in seed.rows("counties")}
    evidence = _evidence(seed, sites)
    facts: dict[str, dict[str, Row]] = {}
    for row in seed.rows("site_facts"):
        if row["site_id"] not in sites:
            seed.problem(row, f"fact for unknown site {row['site_id']!r}")
        facts.setdefault(row["site_id"], {})[row["field"]] = row
    county_placed = []
    for site_id, site in sites.items():
        chosen = choose_coordinate(evidence.get(site_id, []))
        if chosen is not None:
            chosen["chosen"] = 1
            site.update(
                lon=chosen["lon"],
                lat=chosen["lat"],
                coord_precision=chosen["precision"],
                coord_source=chosen["source"],
            )
        elif site.get("county_adcode") in shapes:
            lon, lat = shapes[site["county_adcode"]].centroid_wgs84()
            site.update(
                lon=round(lon, 6),
                lat=round(lat, 6),
                coord_precision="county",
                coord_source="county-centroid (no sourced point)",
            )
            county_placed.append(site_id)
        else:
            site.update(lon=0.0, lat=0.0, coord_precision="county", coord_source="")
        _apply_facts(seed, site, facts.get(site_id, {}))
        site["pinyin"], site["pinyin_initials"] = pinyin_of(site.get("name_zh", ""))
    designations = []
    for row in seed.rows("designations"):
        if row["site_id"] not in sites:
            seed.problem(row, f"designation for unknown site {row['site_id']!r}")
            continue
        designations.append(row)
    _check_duplicates(seed, {k: v for k, v in sites.items() if "name_zh" in v})
    if shapes:
        _check_counties(seed, {k: v for k, v in sites.items() if v.get("county_adcode")}, shapes)
    _check_references(seed, sites)
    if seed.problems:
        raise SeedError(seed.problems)
    return {
        "sites": sites,
        "counties": counties,
        "shapes_path": shapes_path,
        "evidence": evidence,
        "designations": designations,
        "county_placed": county_placed,
    }


def _apply_facts(seed: Seed, site: dict, facts: dict[str, Row]) -> None:
    kind = site.get("kind")
    if kind not in SITE_KINDS:
        return  # reported by the row check
    base = defaults_for(kind)
    site["visit_minutes"], site["visit_minutes_estimated"] = base.visit_minutes, 1
    site["hours"] = base.hours
    site["ticket_cny"], site["ticket_estimated"] = None, 1
    if "visit_minutes" in facts:
        site["visit_minutes"], site["visit_minutes_estimated"] = (
            int(facts["visit_minutes"]["value"]),
            0,
        )
    if "ticket_cny" in facts:
        site["ticket_cny"], site["ticket_estimated"] = float(facts["ticket_cny"]["value"]), 0
    if "hours" in facts:
        try:
            raw = json.loads(facts["hours"]["value"])
            raw.update(estimated=False, source=facts["hours"]["source"])
            site["hours"] = OpeningHours.from_dict(raw)
        except (ValueError, AttributeError):
            pass  # reported by the row check
    if "name_en" in facts:
        if site.get("name_en") and site["name_en"] != facts["name_en"]["value"]:
            seed.problem(facts["name_en"], f"name_en conflicts with {site['name_en']!r}")
        site["name_en"] = facts["name_en"]["value"]
    for row in facts.values():
        if row["source"] not in site["sources"]:
            site["sources"].append(row["source"])


def _check_references(seed: Seed, sites: dict[str, dict]) -> None:
    greenways = {r["id"] for r in seed.rows("greenways")}
    for row in seed.rows("greenway_stops"):
        if row["greenway_id"] not in greenways:
            seed.problem(row, f"unknown greenway {row['greenway_id']!r}")
        if not row["order"].isdigit():
            seed.problem(row, f"order must be a positive integer, not {row['order']!r}")
        for site_id in split_list(row["site_ids"]):
            if site_id not in sites:
                seed.problem(row, f"unknown site {site_id!r}")
    for row in seed.rows("pattern"):
        for site_id in split_list(row["site_ids"]):
            if site_id not in sites:
                seed.problem(row, f"unknown site {site_id!r}")
    for row in seed.rows("intangible"):
        if row["site_id"] and row["site_id"] not in sites:
            seed.problem(row, f"unknown site {row['site_id']!r}")
    for table in ("distinct_pairs", "county_exceptions"):
        for row in seed.rows(table):
            for key in ("site_id", "site_id_a", "site_id_b"):
                if row[key] and row[key] not in sites:
                    seed.problem(row, f"unknown site {row[key]!r}")


def build(seed_dir: Path = SEED_DIR, db_path: Path = DEFAULT_DB) -> BuildReport:
    """Rebuild ``db_path`` from ``seed_dir``; the old file is replaced only on success."""
    seed = read_seed(Path(seed_dir))
    parts = assemble(seed)
    stamp = max((r["accessed"] for r in seed.rows("sources") if r["accessed"]), default="")
    stamp = f"{stamp}T00:00:00Z" if stamp else ""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".heritage-", suffix=".db", dir=db_path.parent)
    os.close(fd)
    os.unlink(tmp)
    try:
        report = _write(Path(tmp), seed, parts, stamp)
        os.replace(tmp, db_path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    report.db_path = db_path
    return report


def _write(path: Path, seed: Seed, parts: dict, stamp: str) -> BuildReport:
    conn = sqlite3.connect(path)
    db = Database(conn)
    schema.apply(db)
    edit = {"version": 1, "updated_at": stamp, "updated_by": SEED_ACTOR}
    with db.atomic():
        db.execute("UPDATE _sqlite_migrations SET applied_at = ?", [stamp])
        db["sources"].insert_all(
            r.values for r in sorted(seed.rows("sources"), key=lambda r: r["key"])
        )
        db["counties"].insert_all(
            sorted((r.values for r in parts["counties"].values()), key=lambda r: r["adcode"])
        )
        features = json.loads(parts["shapes_path"].read_text(encoding="utf-8"))["features"]
        boundary_source = next((r["source"] for r in seed.rows("counties") if r["source"]), "")
        db["county_boundaries"].insert_all(
            sorted(
                (
                    {
                        "adcode": str(f["properties"]["adcode"]),
                        "name": f["properties"]["name"],
                        "geometry_gcj02": json.dumps(f["geometry"], separators=(",", ":")),
                        "source": boundary_source,
                    }
                    for f in features
                    if str(f["properties"]["adcode"]) in parts["counties"]
                ),
                key=lambda r: r["adcode"],
            )
        )
        county_names = {a: r["name_zh"] for a, r in parts["counties"].items()}
        designation_names: dict[str, list[str]] = {}
        for row in parts["designations"]:
            if row["official_name"]:
                designation_names.setdefault(row["site_id"], []).append(row["official_name"])
        site_rows = []
        for site_id in sorted(parts["sites"]):
            s = parts["sites"][site_id]
            site_rows.append(
                {
                    "id": site_id,
                    "name_zh": s["name_zh"],
                    "name_en": s.get("name_en"),
                    "pinyin": s["pinyin"],
                    "pinyin_initials": s["pinyin_initials"],
                    "county_adcode": s["county_adcode"],
                    "township": s.get("township"),
                    "village": s.get("village"),
                    "address": s.get("address"),
                    "lat": s["lat"],
                    "lon": s["lon"],
                    "coord_precision": s["coord_precision"],
                    "coord_source": s["coord_source"],
                    "kind": s["kind"],
                    "themes": json.dumps(s["themes"], ensure_ascii=False),
                    "visit_minutes": s["visit_minutes"],
                    "visit_minutes_estimated": s["visit_minutes_estimated"],
                    "hours_json": json.dumps(s["hours"].to_dict(), ensure_ascii=False),
                    "hours_estimated": int(s["hours"].estimated),
                    "ticket_cny": s["ticket_cny"],
                    "ticket_estimated": s["ticket_estimated"],
                    "sources": json.dumps(s["sources"], ensure_ascii=False),
                    "note": "; ".join(s["notes"]) or None,
                    "search_text": _search_text(
                        s, county_names[s["county_adcode"]], designation_names.get(site_id, [])
                    ),
                    "retired": 0,
                    **edit,
                }
            )
        db["sites"].insert_all(site_rows)
        db["site_themes"].insert_all(
            {"site_id": r["id"], "theme": t}
            for r in site_rows
            for t in sorted(json.loads(r["themes"]))
        )
        designations = sorted(
            parts["designations"],
            key=lambda r: (r["site_id"], r["kind"], r["level"], r["batch"], r["source"]),
        )
        db["designations"].insert_all(
            {
                "site_id": r["site_id"],
                "kind": r["kind"],
                "level": r["level"],
                "batch": r["batch"] or None,
                "year": int(r["year"]) if r["year"] else None,
                "ref_no": r["ref_no"] or None,
                "official_name": r["official_name"] or None,
                "source": r["source"],
                **edit,
            }
            for r in designations
        )
        db["coordinate_evidence"].insert_all(
            ev for site_id in sorted(parts["evidence"]) for ev in parts["evidence"][site_id]
        )
        db["county_check_exceptions"].insert_all(
            r.values for r in sorted(seed.rows("county_exceptions"), key=lambda r: r["site_id"])
        )
        db["greenways"].insert_all(
            {**r.values, **edit} for r in sorted(seed.rows("greenways"), key=lambda r: r["id"])
        )
        stops = sorted(
            seed.rows("greenway_stops"), key=lambda r: (r["greenway_id"], int(r["order"]))
        )
        db["greenway_stops"].insert_all(
            {
                "greenway_id": r["greenway_id"],
                "stop_order": int(r["order"]),
                "name_in_plan": r["name_in_plan"],
                "source": r["source"],
            }
            for r in stops
        )
        memberships: dict[tuple[str, str], int] = {}
        for r in stops:
            for site_id in split_list(r["site_ids"]):
                key = (site_id, r["greenway_id"])
                memberships[key] = min(memberships.get(key, 10**6), int(r["order"]))
        db["site_greenways"].insert_all(
            {"site_id": s, "greenway_id": g, "stop_order": o}
            for (s, g), o in sorted(memberships.items())
        )
        db["intangible"].insert_all(
            {
                "id": r["id"],
                "name_zh": r["name_zh"],
                "pinyin": pinyin_of(r["name_zh"])[0],
                "level": r["level"],
                "category": r["category"] or None,
                "batch": r["batch"] or None,
                "year": int(r["year"]) if r["year"] else None,
                "ref_no": r["ref_no"] or None,
                "county_adcode": r["county_adcode"] or None,
                "site_id": r["site_id"] or None,
                "source": r["source"],
                **edit,
            }
            for r in sorted(seed.rows("intangible"), key=lambda r: r["id"])
        )
        db["pattern_features"].insert_all(
            {
                "group_name": r["group"],
                "feature_order": int(r["order"]),
                "name_zh": r["name_zh"],
                "site_ids": json.dumps(split_list(r["site_ids"])),
                "county_adcodes": json.dumps(split_list(r["county_adcodes"])),
                "source": r["source"],
            }
            for r in sorted(seed.rows("pattern"), key=lambda r: (r["group"], int(r["order"])))
        )
        db["plan_figures"].insert_all(
            {**r.values, "figure": int(r["figure"])}
            for r in sorted(seed.rows("plan_figures"), key=lambda r: r["key"])
        )
        db["distinct_pairs"].insert_all(
            r.values
            for r in sorted(
                seed.rows("distinct_pairs"), key=lambda r: (r["site_id_a"], r["site_id_b"])
            )
        )
        db["meta"].insert_all(
            [
                {"key": "built_from", "value": "data/seed"},
                {"key": "data_as_of", "value": stamp},
                {"key": "schema_version", "value": str(schema.SCHEMA_VERSION)},
            ]
        )
    conn.execute("VACUUM")
    conn.close()
    return BuildReport(
        db_path=path,
        sites=len(parts["sites"]),
        designations=len(parts["designations"]),
        intangible=len(seed.rows("intangible")),
        county_placed=sorted(parts["county_placed"]),
    )
