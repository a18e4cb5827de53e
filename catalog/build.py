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

from sqlite_utils import Database

from catalog import schema
from catalog.merge import assemble, name_core
from catalog.paths import DEFAULT_DB, SEED_DIR
from catalog.romanize import romanized
from catalog.searchtext import pinyin_of, search_text
from catalog.seed import Seed, read_seed, split_list

__all__ = ["BuildReport", "build", "name_core", "pinyin_of", "search_text"]

SEED_ACTOR = "seed"


@dataclass
class BuildReport:
    """What a build produced, for the CLI and the tests."""

    db_path: Path
    sites: int = 0
    designations: int = 0
    intangible: int = 0
    county_placed: list[str] = field(default_factory=list)  # sites with no sourced point


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
                    "romanized": romanized(s["name_zh"]),
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
                    "recommendation": s.get("recommendation", 1.0),
                    "recommendation_note": s.get("recommendation_note"),
                    "sources": json.dumps(s["sources"], ensure_ascii=False),
                    "note": "; ".join(s["notes"]) or None,
                    "search_text": search_text(
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
                "ended": r["ended"] or None,
                "end_reason": r["end_reason"] or None,
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
