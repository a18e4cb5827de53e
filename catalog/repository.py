"""Read access to the catalogue: all SQL for queries lives here.

One ``Catalog`` per connection and thread (Streamlit: one per user session, PITFALLS e). Filters
are validated before any SQL runs, so a typo gives a clear ``ValueError`` rather than an empty
result.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path

from catalog.coords import haversine_m
from catalog.masking import WITHHELD_SOURCE
from catalog.models import (
    DESIGNATION_KINDS,
    LEVELS,
    THEMES,
    County,
    Designation,
    Greenway,
    GreenwayStop,
    IntangibleItem,
    OpeningHours,
    Site,
    county_aliases,
)
from catalog.query import (
    check_near,
    check_values,
    escape_like,
    order_by,
    placeholders,
    text_clause,
)

#: Above this many matches a page is read in index order rather than sorted (see site_ids).
_DENSE = 1000


def counties_of(conn: sqlite3.Connection) -> list[County]:
    """The county-level units of the catalogue ``conn`` reads, by adcode."""
    rows = conn.execute("SELECT * FROM counties ORDER BY adcode")
    return [County(r["adcode"], r["name_zh"], r["name_en"], r["terrain"]) for r in rows]


def live_site_names(conn: sqlite3.Connection) -> dict[str, str]:
    """``{id: name_zh}`` of the sites not retired, in pinyin order (officers' pick lists: the
    exact names, unmasked, without loading whole ``Site`` objects)."""
    rows = conn.execute("SELECT id, name_zh FROM sites WHERE retired = 0 ORDER BY pinyin")
    return {r[0]: r[1] for r in rows}


def site_names(conn: sqlite3.Connection) -> dict[str, tuple[str, bool]]:
    """``{id: (name_zh, retired)}`` of every site, retired ones too, in pinyin order (then id):
    the officers' choice of site to edit, where a retired site can still be opened."""
    rows = conn.execute("SELECT id, name_zh, retired FROM sites ORDER BY pinyin, id")
    return {r[0]: (r[1], bool(r[2])) for r in rows}


class CatalogError(Exception):
    """The database file is missing or is not a catalogue."""


class Catalog:
    """A catalogue database file, opened read-write (or read-only with ``readonly=True``).

    Reads are what a visitor may see: a sensitive site (``public_precision`` set by an officer,
    ``catalog.masking``) comes back at its public point and precision, without address or
    village, and nearby/buffer searches measure from that point. ``exact=True`` is for
    officers' tools and the build, which need the exact point.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False, exact: bool = False) -> None:
        self.path = Path(path)
        self.exact = exact
        if not self.path.is_file():
            raise CatalogError(f"catalogue database not found: {self.path}")
        uri = f"file:{self.path.resolve()}{'?mode=ro' if readonly else ''}"
        try:
            self.conn = sqlite3.connect(uri, uri=True)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            tables = {r[0] for r in self.conn.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as exc:
            raise CatalogError(f"{self.path} is not a catalogue database ({exc})") from None
        if not {"sites", "designations", "counties"} <= tables:
            self.conn.close()
            raise CatalogError(f"{self.path} is not a catalogue database (no sites table)")

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Catalog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reference data -------------------------------------------------------------------

    def counties(self) -> list[County]:
        """The county-level units, by adcode."""
        return counties_of(self.conn)

    def county_adcode(self, name_or_code: str) -> str:
        """Resolve ``平遥县``/``平遥``/``Pingyao``/``140728`` to an adcode; ValueError if unknown
        (the spellings are ``catalog.models.county_aliases``, as on import)."""
        counties = self.counties()
        code = county_aliases(counties).get(name_or_code.strip().lower())
        if code is None:
            known = ", ".join(c.name_zh for c in counties)
            raise ValueError(f"unknown county {name_or_code!r}; known: {known}")
        return code

    def boundaries_gcj02(self) -> dict[str, dict]:
        """County geometries (GeoJSON, GCJ-02 as published) by adcode."""
        rows = self.conn.execute("SELECT adcode, geometry_gcj02 FROM county_boundaries")
        return {r["adcode"]: json.loads(r["geometry_gcj02"]) for r in rows}

    def greenways(self) -> list[Greenway]:
        """The three cultural greenways with their stops in the plan's order."""
        result = []
        for g in self.conn.execute("SELECT * FROM greenways ORDER BY id"):
            stops = []
            for s in self.conn.execute(
                "SELECT stop_order, name_in_plan FROM greenway_stops WHERE greenway_id = ? "
                "ORDER BY stop_order",
                [g["id"]],
            ):
                ids = [
                    r[0]
                    for r in self.conn.execute(
                        "SELECT site_id FROM site_greenways WHERE greenway_id = ? AND "
                        "stop_order = ? ORDER BY site_id",
                        [g["id"], s["stop_order"]],
                    )
                ]
                stops.append((s["stop_order"], s["name_in_plan"], ";".join(ids) or None))
            result.append(Greenway(g["id"], g["name_zh"], g["name_en"], g["source"], tuple(stops)))
        return result

    def pattern(self) -> list[dict]:
        """The plan's 四城/六点/两带/八廊/四区 features."""
        rows = self.conn.execute(
            "SELECT * FROM pattern_features ORDER BY group_name, feature_order"
        )
        return [
            {
                **dict(r),
                "site_ids": json.loads(r["site_ids"]),
                "county_adcodes": json.loads(r["county_adcodes"]),
            }
            for r in rows
        ]

    def sources(self) -> dict[str, dict]:
        """Source records by key."""
        return {r["key"]: dict(r) for r in self.conn.execute("SELECT * FROM sources")}

    def meta(self) -> dict[str, str]:
        """Build metadata (data_as_of, schema_version)."""
        return {r["key"]: r["value"] for r in self.conn.execute("SELECT key, value FROM meta")}

    # --- sites ----------------------------------------------------------------------------

    def site(self, site_id: str) -> Site:
        """One site by id (retired ones included); KeyError if there is none."""
        sites = self._load([site_id])
        if not sites:
            raise KeyError(site_id)
        return sites[0]

    def get_many(self, site_ids: Iterable[str]) -> list[Site]:
        """Sites by id, in the given order; unknown ids are skipped."""
        ids = list(site_ids)
        by_id = {s.id: s for s in self._load(ids)}
        return [by_id[i] for i in ids if i in by_id]

    def site_ids(
        self,
        *,
        kinds: Sequence[str] | None = None,
        levels: Sequence[str] | None = None,
        counties: Sequence[str] | None = None,
        themes: Sequence[str] | None = None,
        greenways: Sequence[str] | None = None,
        greenway_buffer_km: float | None = None,
        text: str | None = None,
        near: tuple[float, float, float] | None = None,
        include_retired: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[str]:
        """Ids of the sites matching every filter given (AND across filters, OR within one).

        ``kinds``/``levels`` match one designation having both (a site that is a national
        relic and a provincial 名村 does not match kind=名村 + level=national). ``near`` is
        ``(lat, lon, km)`` and orders by distance; otherwise the order is by best designation
        level, then pinyin. ``text`` matches Chinese substrings, pinyin and English.
        """
        buffered = greenway_buffer_km is not None
        if buffered:
            self._check_greenways(greenways)
        where, params = self._where(
            kinds, levels, counties, themes, None if buffered else greenways, text, include_retired
        )
        order, order_params = order_by(text)
        if near is not None or buffered:
            if near is not None:  # bounding box first, so the index on (lat, lon) does the work
                lat, lon, km = check_near(near)
                dlat, dlon = km / 110.0, km / (110.0 * max(0.01, math.cos(math.radians(lat))))
                box = [lat - dlat, lat + dlat, lon - dlon, lon + dlon]
                if self.exact:
                    where += " AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?"
                    params = [*params, *box]
                else:  # masked sites are found by their public point only
                    where += (
                        " AND ((public_lat IS NULL AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?)"
                        " OR (public_lat BETWEEN ? AND ? AND public_lon BETWEEN ? AND ?))"
                    )
                    params = [*params, *box, *box]
            lat_sql, lon_sql = self._point_sql("sites")
            rows = self.conn.execute(
                f"SELECT id, {lat_sql} AS lat, {lon_sql} AS lon FROM sites WHERE {where} {order}",
                params + order_params,
            ).fetchall()
            if buffered:
                rows = self._near_greenways(rows, greenways, float(greenway_buffer_km))
            if near is not None:
                scored = [(haversine_m(lon, lat, r["lon"], r["lat"]), r["id"]) for r in rows]
                rows = [{"id": i} for d, i in sorted(scored) if d <= km * 1000]
            ids = [r["id"] for r in rows]
            return ids[offset : offset + limit if limit is not None else None]
        if limit is None:
            sql = f"SELECT id FROM sites WHERE {where} {order}"
            return [r[0] for r in self.conn.execute(sql, params + order_params)]
        return self._page(where, params, order, order_params, int(limit), int(offset))[0]

    def page(self, *, limit: int = 50, offset: int = 0, **filters: object) -> tuple[list[str], int]:
        """One page of ids and the number of matches, capped: ``(ids, n)`` with n ≤ 1,001.

        ``n == 1001`` means "more than 1,000" (shown as "1,000+"). This is what list pages
        need, in two passes over the matches at most (``python -m catalog.bench``).
        """
        if "near" in filters or "greenway_buffer_km" in filters:
            ids = self.site_ids(**filters)  # type: ignore[arg-type]
            return ids[offset : offset + limit], min(len(ids), _DENSE + 1)
        text = filters.get("text")
        where, params = self._filter_where(filters)
        order, order_params = order_by(text)  # type: ignore[arg-type]
        return self._page(where, params, order, order_params, int(limit), int(offset))

    def _page(
        self, where: str, params: list, order: str, order_params: list, limit: int, offset: int
    ) -> tuple[list[str], int]:
        if limit < 1 or offset < 0:
            raise ValueError("limit must be at least 1 and offset not negative")
        n = self._count_upto(where, params, _DENSE + 1)
        if n <= _DENSE:
            sql = f"SELECT id FROM sites WHERE {where} {order} LIMIT ? OFFSET ?"
            query_params = params + order_params + [limit, offset]
        else:
            # Many matches: walk the listing-order index and stop at the page end instead of
            # sorting every match. Dense text queries then lose the name boost, which only
            # matters when few sites match.
            sql = (
                f"SELECT id FROM sites INDEXED BY sites_listing_order WHERE {where} "
                "ORDER BY retired, level_rank, pinyin, id LIMIT ? OFFSET ?"
            )
            query_params = [*params, limit, offset]
        return [r[0] for r in self.conn.execute(sql, query_params)], n

    def sites(self, **filters: object) -> list[Site]:
        """Sites matching the filters of ``site_ids`` (same keywords), as ``Site`` objects."""
        return self.get_many(self.site_ids(**filters))  # type: ignore[arg-type]

    def count(self, *, cap: int | None = None, **filters: object) -> int:
        """How many sites match (same keywords as ``site_ids``, without limit/offset).

        With ``cap``, counting stops at ``cap + 1``: pages show "1,000+" instead of paying for
        an exact count of a huge result.
        """
        if "near" in filters or "greenway_buffer_km" in filters:
            n = len(self.site_ids(**filters))  # type: ignore[arg-type]
            return n if cap is None else min(n, cap + 1)
        where, params = self._filter_where(filters)
        if cap is not None:
            return self._count_upto(where, params, int(cap) + 1)
        return self.conn.execute(f"SELECT count(*) FROM sites WHERE {where}", params).fetchone()[0]

    def _count_upto(self, where: str, params: list, most: int) -> int:
        """count(*) that stops at ``most`` matches."""
        sql = f"SELECT count(*) FROM (SELECT 1 FROM sites WHERE {where} LIMIT ?)"
        return self.conn.execute(sql, [*params, most]).fetchone()[0]

    def _filter_where(self, filters: dict) -> tuple[str, list]:
        """``_where`` from the keyword filters of ``page``/``count``; unknown keys are an error."""
        unknown = set(filters) - {
            "kinds",
            "levels",
            "counties",
            "themes",
            "greenways",
            "text",
            "include_retired",
        }
        if unknown:
            raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        return self._where(
            filters.get("kinds"),
            filters.get("levels"),
            filters.get("counties"),
            filters.get("themes"),
            filters.get("greenways"),
            filters.get("text"),
            bool(filters.get("include_retired", False)),
        )

    def nearby(self, site_id: str, km: float = 10.0, limit: int = 10) -> list[tuple[Site, float]]:
        """Other sites within ``km`` of ``site_id``, nearest first, with distances in metres."""
        here = self.site(site_id)
        ids = [i for i in self.site_ids(near=(here.lat, here.lon, km)) if i != site_id][:limit]
        return [(s, haversine_m(here.lon, here.lat, s.lon, s.lat)) for s in self.get_many(ids)]

    def intangible(
        self,
        *,
        county: str | None = None,
        level: str | None = None,
        site_id: str | None = None,
        text: str | None = None,
    ) -> list[IntangibleItem]:
        """非遗 items, filtered by county, level, holding site or a name substring."""
        clauses, params = ["1=1"], []
        if county:
            clauses.append("county_adcode = ?")
            params.append(self.county_adcode(county))
        if level:
            check_values([level], LEVELS, "level")
            clauses.append("level = ?")
            params.append(level)
        if site_id:
            clauses.append("site_id = ?")
            params.append(site_id)
        if text:
            clauses.append(
                "(name_zh LIKE ? ESCAPE '\\' OR replace(pinyin, ' ', '') LIKE ? ESCAPE '\\')"
            )
            like = f"%{escape_like(text.strip().lower().replace(' ', ''))}%"
            params += [f"%{escape_like(text.strip())}%", like]
        rows = self.conn.execute(
            f"SELECT * FROM intangible WHERE {' AND '.join(clauses)} ORDER BY level DESC, id",
            params,
        )
        return [
            IntangibleItem(
                r["id"],
                r["name_zh"],
                r["level"],
                r["category"],
                r["batch"],
                r["year"],
                r["ref_no"],
                r["county_adcode"],
                r["site_id"],
                r["source"],
            )
            for r in rows
        ]

    # --- internals ------------------------------------------------------------------------

    def _where(
        self,
        kinds: Sequence[str] | None,
        levels: Sequence[str] | None,
        counties: Sequence[str] | None,
        themes: Sequence[str] | None,
        greenways: Sequence[str] | None,
        text: str | None,
        include_retired: bool,
    ) -> tuple[str, list]:
        clauses: list[str] = [] if include_retired else ["retired = 0"]
        params: list = []
        if kinds or levels:
            sub = []
            if kinds:
                check_values(kinds, DESIGNATION_KINDS, "designation kind")
                sub.append(f"kind IN ({placeholders(kinds)})")
                params += list(kinds)
            if levels:
                check_values(levels, LEVELS, "level")
                sub.append(f"level IN ({placeholders(levels)})")
                params += list(levels)
            sub.append("ended IS NULL")  # a revoked or merged listing no longer counts
            clauses.append(f"id IN (SELECT site_id FROM designations WHERE {' AND '.join(sub)})")
        if counties:
            codes = [self.county_adcode(c) for c in counties]
            clauses.append(f"county_adcode IN ({placeholders(codes)})")
            params += codes
        if themes:
            check_values(themes, THEMES, "theme")
            clauses.append("(theme_mask & ?) != 0")  # kept by trigger from site_themes
            params.append(sum(1 << THEMES.index(t) for t in set(themes)))
        if greenways:
            self._check_greenways(greenways)
            clauses.append(
                "id IN (SELECT site_id FROM site_greenways WHERE greenway_id IN "
                f"({placeholders(greenways)}))"
            )
            params += list(greenways)
        if text is not None:
            clause, text_params = text_clause(text)
            clauses.append(clause)
            params += text_params
        return " AND ".join(clauses) or "1=1", params

    def _check_greenways(self, greenways: Sequence[str] | None) -> list[str]:
        if not greenways:
            raise ValueError("greenway_buffer_km needs at least one greenway")
        known = sorted(r[0] for r in self.conn.execute("SELECT id FROM greenways"))
        check_values(greenways, known, "greenway")
        return list(greenways)

    def _near_greenways(self, rows: list, greenways: Sequence[str] | None, km: float) -> list:
        """Rows that are on the greenways or within ``km`` of one of their sites."""
        if not 0 <= km <= 200:
            raise ValueError("greenway_buffer_km must be between 0 and 200")
        members = {
            r[0]
            for r in self.conn.execute(
                "SELECT site_id FROM site_greenways WHERE greenway_id IN "
                f"({placeholders(greenways or [])})",
                list(greenways or []),
            )
        }
        lat_sql, lon_sql = self._point_sql("s")
        anchors = self.conn.execute(
            f"SELECT {lat_sql} AS lat, {lon_sql} AS lon FROM sites s "
            "JOIN site_greenways g ON g.site_id = s.id "
            f"WHERE g.greenway_id IN ({placeholders(greenways or [])}) AND s.retired = 0 "
            "AND s.coord_precision != 'county'",
            list(greenways or []),
        ).fetchall()
        limit_m, dlat = km * 1000, km / 111.0
        return [
            r
            for r in rows
            if r["id"] in members
            or any(
                abs(a["lat"] - r["lat"]) <= dlat
                and haversine_m(r["lon"], r["lat"], a["lon"], a["lat"]) <= limit_m
                for a in anchors
            )
        ]

    def _point_sql(self, table: str) -> tuple[str, str]:
        """The SQL of the point this reader may see (the public one unless ``exact``)."""
        if self.exact:
            return f"{table}.lat", f"{table}.lon"
        return (f"coalesce({table}.public_lat, {table}.lat)",
                f"coalesce({table}.public_lon, {table}.lon)")

    def _load(self, ids: Sequence[str]) -> list[Site]:
        if not ids:
            return []
        counties = {c.adcode: c.name_zh for c in self.counties()}
        rows: dict[str, sqlite3.Row] = {}
        designations: dict[str, list[Designation]] = {}
        greenways: dict[str, list[GreenwayStop]] = {}
        for start in range(0, len(ids), 500):
            chunk = list(ids[start : start + 500])
            marks = placeholders(chunk)
            for r in self.conn.execute(f"SELECT * FROM sites WHERE id IN ({marks})", chunk):
                rows[r["id"]] = r
            for d in self.conn.execute(
                f"SELECT * FROM designations WHERE site_id IN ({marks}) ORDER BY id", chunk
            ):
                designations.setdefault(d["site_id"], []).append(
                    Designation(
                        d["kind"],
                        d["level"],
                        d["batch"],
                        d["year"],
                        d["ref_no"],
                        d["official_name"],
                        d["source"],
                        _col(d, "ended"),
                        _col(d, "end_reason"),
                    )
                )
            for g in self.conn.execute(
                f"SELECT * FROM site_greenways WHERE site_id IN ({marks}) ORDER BY greenway_id",
                chunk,
            ):
                greenways.setdefault(g["site_id"], []).append(
                    GreenwayStop(g["greenway_id"], g["stop_order"])
                )
        result = []
        for site_id in ids:
            r = rows.get(site_id)
            if r is None:
                continue
            place = self._place(r)
            # a read-only open of a catalogue built before migration 3 has no such columns
            reco = {k: r[k] for k in ("recommendation", "recommendation_note") if k in r.keys()}  # noqa: SIM118 - sqlite3.Row: `in` tests values
            result.append(
                Site(
                    id=r["id"],
                    name_zh=r["name_zh"],
                    name_en=r["name_en"],
                    pinyin=r["pinyin"],
                    county_adcode=r["county_adcode"],
                    county_zh=counties.get(r["county_adcode"], ""),
                    **place,
                    kind=r["kind"],
                    themes=tuple(json.loads(r["themes"] or "[]")),
                    visit_minutes=r["visit_minutes"],
                    visit_minutes_estimated=bool(r["visit_minutes_estimated"]),
                    hours=OpeningHours.from_dict(json.loads(r["hours_json"])),
                    ticket_cny=r["ticket_cny"],
                    ticket_estimated=bool(r["ticket_estimated"]),
                    designations=tuple(designations.get(site_id, ())),
                    greenways=tuple(greenways.get(site_id, ())),
                    sources=tuple(json.loads(r["sources"] or "[]")),
                    version=r["version"],
                    updated_at=r["updated_at"] or "",
                    updated_by=r["updated_by"] or "",
                    retired=bool(r["retired"]),
                    romanized=_col(r, "romanized") or "",
                    recommendation=reco.get("recommendation", 1.0),
                    recommendation_note=reco.get("recommendation_note") or "",
                    extra={"note": r["note"] or "",
                           "public_precision": _col(r, "public_precision") or ""},
                )
            )
        return result

    def _place(self, r: sqlite3.Row) -> dict:
        """Where the site is, as this reader may see it (see the class docstring)."""
        place = {k: r[k] for k in ("township", "village", "address", "lat", "lon",
                                   "coord_precision", "coord_source")}
        if self.exact or _col(r, "public_lat") is None:
            return place
        precision = r["public_precision"]
        return {
            "township": r["township"] if precision == "township" else None,
            "village": None,
            "address": None,
            "lat": r["public_lat"],
            "lon": r["public_lon"],
            "coord_precision": precision,
            "coord_source": WITHHELD_SOURCE.format(precision=precision),
        }


def _col(row: sqlite3.Row, name: str) -> object:
    """A column that older catalogues (before migration m003) do not have."""
    return row[name] if name in row.keys() else None  # noqa: SIM118 - a Row's `in` sees values
