"""Coverage statistics and exports of the catalogue (used by the CLI and the pages)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence

from catalog.models import LEVELS, Site
from catalog.repository import Catalog
from catalog.safetext import cell

# Tables whose content defines the catalogue; their digest proves two builds are the same.
_CONTENT_TABLES = (
    "sources",
    "counties",
    "county_boundaries",
    "sites",
    "site_themes",
    "designations",
    "coordinate_evidence",
    "county_check_exceptions",
    "greenways",
    "greenway_stops",
    "site_greenways",
    "intangible",
    "pattern_features",
    "plan_figures",
    "distinct_pairs",
)


def content_digest(cat: Catalog) -> str:
    """SHA-256 over every content table, rows in primary-key order."""
    digest = hashlib.sha256()
    for table in _CONTENT_TABLES:
        digest.update(table.encode())
        for row in cat.conn.execute(f"SELECT * FROM [{table}] ORDER BY 1, 2"):
            digest.update(json.dumps(list(row), ensure_ascii=False, default=str).encode())
    return digest.hexdigest()


def stats(cat: Catalog) -> dict:
    """Counts per designation kind and level, per county, against the plan's own figures."""
    q = cat.conn.execute
    live = "s.retired = 0"
    designations: dict[str, dict[str, int]] = {}
    for r in q(
        "SELECT d.kind, d.level, count(DISTINCT d.site_id) n FROM designations d "
        f"JOIN sites s ON s.id = d.site_id WHERE {live} AND d.ended IS NULL "
        "GROUP BY d.kind, d.level"
    ):
        designations.setdefault(r["kind"], {})[r["level"]] = r["n"]
    counties = {
        r["adcode"]: {"name_zh": r["name_zh"], "sites": r["n"], "intangible": r["ich"]}
        for r in q(
            "SELECT c.adcode, c.name_zh, "
            f"(SELECT count(*) FROM sites s WHERE s.county_adcode = c.adcode AND {live}) n, "
            "(SELECT count(*) FROM intangible i WHERE i.county_adcode = c.adcode) ich "
            "FROM counties c ORDER BY c.adcode"
        )
    }
    precision = {
        r["coord_precision"]: r["n"]
        for r in q(f"SELECT coord_precision, count(*) n FROM sites s WHERE {live} GROUP BY 1")
    }
    coverage = []
    for r in q("SELECT * FROM plan_figures ORDER BY key"):
        have = _plan_count(q, r)
        coverage.append(
            {
                "key": r["key"],
                "label_zh": r["label_zh"],
                "level": r["level"] or "all",
                "plan": r["figure"],
                "catalogue": have,
                "percent": round(100.0 * have / r["figure"], 1) if r["figure"] else None,
                "source": r["source"],
            }
        )
    estimated = q(
        "SELECT sum(hours_estimated) h, sum(visit_minutes_estimated) v, "
        f"sum(ticket_cny IS NULL) t FROM sites s WHERE {live}"
    ).fetchone()
    greenways = {
        g.id: {
            "name_zh": g.name_zh,
            "stops": len(g.stops),
            "stops_without_site": sum(1 for s in g.stops if not s[2]),
        }
        for g in cat.greenways()
    }
    intangible = {
        r["level"]: r["n"]
        for r in q("SELECT level, count(*) n FROM intangible GROUP BY level ORDER BY level")
    }
    return {
        "data_as_of": cat.meta().get("data_as_of", ""),
        "sites": q(f"SELECT count(*) FROM sites s WHERE {live}").fetchone()[0],
        "retired_sites": q("SELECT count(*) FROM sites WHERE retired = 1").fetchone()[0],
        "designations": {
            k: dict(sorted(v.items(), key=lambda kv: _level_key(kv[0])))
            for k, v in sorted(designations.items())
        },
        "coord_precision": dict(sorted(precision.items())),
        "counties": counties,
        "greenways": greenways,
        "intangible": intangible,
        "estimated": {
            "hours": estimated["h"] or 0,
            "visit_minutes": estimated["v"] or 0,
            "ticket_unknown": estimated["t"] or 0,
        },
        "plan_coverage": coverage,
        "plan_towns": plan_towns(cat),
        "content_digest": content_digest(cat),
    }


def plan_towns(cat: Catalog) -> list[dict]:
    """The plan's six historic towns (六点) with their 历史文化名镇 designation, if any."""
    towns = []
    for feature in cat.pattern():
        if feature["group_name"] != "六点":
            continue
        for site_id in feature["site_ids"]:
            rows = cat.conn.execute(
                "SELECT level, batch, year, source FROM designations WHERE site_id = ? AND "
                "kind = '历史文化名镇' AND ended IS NULL ORDER BY level", [site_id]).fetchall()
            towns.append({"name_in_plan": feature["name_zh"], "site_id": site_id,
                          "designation": dict(rows[0]) if rows else None})
    return towns


def _plan_count(q, figure) -> int:  # noqa: ANN001 (sqlite3 execute, Row)
    """How many catalogue entries count toward one of the plan's figures."""
    if figure["kind"] == "非物质文化遗产":  # items, not designations of sites
        return q("SELECT count(*) FROM intangible").fetchone()[0]
    sql = (
        "SELECT count(DISTINCT d.site_id) FROM designations d JOIN sites s ON s.id = d.site_id "
        "WHERE s.retired = 0 AND d.ended IS NULL AND d.kind = ?"
    )
    params = [figure["kind"]]
    if figure["level"]:
        sql += " AND d.level = ?"
        params.append(figure["level"])
    batches = [b for b in (figure["batches"] or "").split(";") if b]
    if batches:
        sql += f" AND d.batch IN ({','.join('?' for _ in batches)})"
        params += batches
    return q(sql, params).fetchone()[0]


def _level_key(level: str) -> int:
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def site_properties(site: Site) -> dict:
    """Flat, export-ready properties of a site (designations as a list of dicts)."""
    return {
        "id": site.id,
        "name_zh": site.name_zh,
        "name_en": site.name_en,
        "pinyin": site.pinyin,
        "county_adcode": site.county_adcode,
        "county": site.county_zh,
        "township": site.township,
        "village": site.village,
        "address": site.address,
        "lat": site.lat,
        "lon": site.lon,
        "coord_precision": site.coord_precision,
        "coord_source": site.coord_source,
        "kind": site.kind,
        "themes": list(site.themes),
        "visit_minutes": site.visit_minutes,
        "visit_minutes_estimated": site.visit_minutes_estimated,
        "hours_estimated": site.hours.estimated,
        "ticket_cny": site.ticket_cny,
        "greenways": [{"greenway": g.greenway_id, "order": g.order} for g in site.greenways],
        "designations": [
            {
                "kind": d.kind,
                "level": d.level,
                "batch": d.batch,
                "year": d.year,
                "ref_no": d.ref_no,
                "source": d.source,
                **({"ended": d.ended, "end_reason": d.end_reason} if d.ended else {}),
            }
            for d in site.designations
        ],
        "sources": list(site.sources),
    }


def to_geojson(sites: Sequence[Site]) -> str:
    """A GeoJSON FeatureCollection (WGS-84, RFC 7946) of the sites."""
    features = [
        {
            "type": "Feature",
            "id": s.id,
            "geometry": {"type": "Point", "coordinates": [s.lon, s.lat]},
            "properties": site_properties(s),
        }
        for s in sites
    ]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


CSV_COLUMNS = (
    "id",
    "name_zh",
    "name_en",
    "pinyin",
    "county_adcode",
    "county",
    "township",
    "village",
    "address",
    "lat",
    "lon",
    "coord_precision",
    "coord_source",
    "kind",
    "themes",
    "visit_minutes",
    "visit_minutes_estimated",
    "hours_estimated",
    "ticket_cny",
    "greenways",
    "designations",
    "sources",
)


#: How a designation is written in one spreadsheet cell (CSV and Excel; the importer reads it).
DESIGNATION_CELL_HELP = (
    "designations: kind/level/batch/year[/ended/end reason], several separated by ';' "
    "(e.g. 文物保护单位/national/5/2001;A级景区/national/5A//2019-07-31/revoked); an empty part "
    "is unknown; level may be unknown"
)


def designation_cell(designations: Sequence[dict]) -> str:
    """``kind/level/batch/year`` per designation, joined with ``;`` (see DESIGNATION_CELL_HELP)."""
    keys = ("kind", "level", "batch", "year")
    return ";".join(
        "/".join(str(d.get(k) or "") for k in (*keys, *(("ended", "end_reason")
                                                        if d.get("ended") else ())))
        for d in designations
    )


def export_rows(sites: Sequence[Site]) -> list[dict]:
    """One flat dict per site with the CSV_COLUMNS keys (lists joined with ``;``)."""
    rows = []
    for s in sites:
        p = site_properties(s)
        p["themes"] = ";".join(p["themes"])
        p["greenways"] = ";".join(f"{g['greenway']}#{g['order']}" for g in p["greenways"])
        p["designations"] = designation_cell(p["designations"])
        p["sources"] = ";".join(p["sources"])
        rows.append({c: p.get(c) for c in CSV_COLUMNS})
    return rows


def to_csv(sites: Sequence[Site]) -> str:
    """CSV, one row per site (designations as in DESIGNATION_CELL_HELP); no BOM: callers that
    write a file for Excel encode it as ``utf-8-sig``."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    # formula-like text gets a leading ' (catalog.safetext.cell); the importer takes it off
    writer.writerows({k: cell(v) for k, v in row.items()} for row in export_rows(sites))
    return out.getvalue()


def to_xlsx(sites: Sequence[Site]) -> bytes:
    """An Excel workbook with the CSV's columns, typed cells and a sheet of column notes."""
    from catalog.sheets import to_xlsx as workbook  # openpyxl loads slowly; only for exports

    return workbook(export_rows(sites), CSV_COLUMNS)
