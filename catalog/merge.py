"""Merging the seed rows into sites, choosing coordinates, and the cross-row checks.

The same place appears in several official lists; each list's rows name one site id and are
merged here. Problems are collected on the ``Seed`` (``file:line: message``), never raised one
by one, so a build reports all of them at once.
"""

from __future__ import annotations

import json

from catalog.coords import haversine_m, to_wgs84
from catalog.defaults import SITE_KINDS, defaults_for
from catalog.geo import CountyShape, load_shapes
from catalog.models import PRECISIONS, OpeningHours
from catalog.searchtext import pinyin_of
from catalog.seed import COLUMNS, Row, Seed, SeedError, split_list

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

# Single-valued site columns: merged by "non-empty values must agree". The others (id, the
# themes list, source, note) accumulate.
_SCALAR_FIELDS = tuple(c for c in COLUMNS["sites"] if c not in ("id", "themes", "source", "note"))


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
    site["recommendation"], site["recommendation_note"] = 1.0, None
    if "recommendation" in facts:
        try:
            site["recommendation"] = float(facts["recommendation"]["value"])
            site["recommendation_note"] = facts["recommendation"]["source"]
        except ValueError:
            pass  # reported by the row check
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
