"""Reading and checking the curated seed files (``data/seed/``, format in its README).

Every problem is collected as ``file:line: message`` so one run of ``python -m catalog build``
lists all of them; nothing is written unless the whole seed is clean.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from catalog.defaults import SITE_KINDS
from catalog.models import (
    CRS_NAMES,
    DESIGNATION_KINDS,
    END_REASONS,
    LEVELS,
    PRECISIONS,
    THEMES,
    OpeningHours,
)

SITE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

COLUMNS: dict[str, tuple[str, ...]] = {
    "sources": ("key", "title", "publisher", "url", "license", "accessed", "note"),
    "counties": ("adcode", "name_zh", "name_en", "terrain", "source"),
    "sites": (
        "id",
        "name_zh",
        "name_en",
        "county_adcode",
        "township",
        "village",
        "address",
        "kind",
        "themes",
        "source",
        "note",
    ),
    "coordinates": ("site_id", "lon", "lat", "crs", "precision", "status", "source", "note"),
    "designations": (
        "site_id",
        "kind",
        "level",
        "batch",
        "year",
        "ref_no",
        "official_name",
        "source",
    ),
    "intangible": (
        "id",
        "name_zh",
        "level",
        "category",
        "batch",
        "year",
        "ref_no",
        "county_adcode",
        "site_id",
        "source",
    ),
    "greenways": ("id", "name_zh", "name_en", "source"),
    "greenway_stops": ("greenway_id", "order", "name_in_plan", "site_ids", "source"),
    "pattern": ("group", "order", "name_zh", "site_ids", "county_adcodes", "source"),
    "site_facts": ("site_id", "field", "value", "source"),
    "distinct_pairs": ("site_id_a", "site_id_b", "reason"),
    "county_exceptions": ("site_id", "reason", "source"),
    "plan_figures": ("key", "label_zh", "kind", "level", "batches", "figure", "source"),
}

FACT_FIELDS = ("visit_minutes", "ticket_cny", "hours", "name_en", "recommendation")
#: The planner's recommendation weight (``routing.value``): 0 (never suggest) … 5.
RECOMMENDATION_RANGE = (0.0, 5.0)


class SeedError(Exception):
    """The seed files are inconsistent; ``problems`` lists every ``file:line: message``."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{problems[0]}{more}" if problems else "seed error")


@dataclass
class Row:
    """A CSV row with where it came from, for error messages."""

    where: str
    values: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.values.get(key, "") or ""


@dataclass
class Seed:
    """Everything read from the seed directory, checked row by row."""

    root: Path
    tables: dict[str, list[Row]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def rows(self, name: str) -> list[Row]:
        return self.tables.get(name, [])

    def problem(self, row: Row | str, message: str) -> None:
        where = row.where if isinstance(row, Row) else row
        self.problems.append(f"{where}: {message}")


#: Columns a file may leave out (read as empty): a designation's end (date and reason).
OPTIONAL_COLUMNS: dict[str, tuple[str, ...]] = {"designations": ("ended", "end_reason")}


def _read_csv(seed: Seed, path: Path, table: str) -> list[Row]:
    optional = OPTIONAL_COLUMNS.get(table, ())
    expected = COLUMNS[table]
    rel = path.relative_to(seed.root.parent) if seed.root.parent in path.parents else path
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        seed.problem(str(rel), f"not UTF-8 ({exc.reason})")
        return []
    reader = csv.DictReader(text.splitlines())
    header = tuple(reader.fieldnames or ())
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected and c not in optional]
    if missing or extra:
        seed.problem(
            f"{rel}:1",
            f"columns must be {','.join(expected)}"
            + (f"; missing {','.join(missing)}" if missing else "")
            + (f"; unknown {','.join(extra)}" if extra else ""),
        )
        return []
    rows = []
    for lineno, values in enumerate(reader, start=2):
        if None in values:
            seed.problem(f"{rel}:{lineno}", "more cells than columns")
            continue
        if not any((v or "").strip() for v in values.values()):
            continue
        clean = {k: (v or "").strip() for k, v in values.items()}
        rows.append(Row(f"{rel}:{lineno}", {**dict.fromkeys(optional, ""), **clean}))
    return rows


def read_seed(root: Path) -> Seed:
    """Read every seed file under ``root`` and check each row on its own."""
    root = Path(root)
    seed = Seed(root=root)
    if not root.is_dir():
        raise SeedError([f"{root}: seed directory not found"])
    for table in COLUMNS:
        if table in ("sites", "coordinates", "designations"):
            paths = sorted((root / table).glob("*.csv"))
        else:
            single = root / f"{table}.csv"
            paths = [single] if single.exists() else []
        seed.tables[table] = [row for p in paths for row in _read_csv(seed, p, table)]
    for required in ("sources", "counties", "sites"):
        if not seed.tables[required]:
            seed.problem(str(root), f"no {required} rows")
    _check_rows(seed)
    return seed


def source_key(value: str) -> str:
    """``KEY#detail`` -> ``KEY``."""
    return value.split("#", 1)[0].strip()


def split_list(value: str) -> list[str]:
    """``"a; b;"`` -> ``["a", "b"]``."""
    return [v.strip() for v in value.split(";") if v.strip()]


def _check_rows(seed: Seed) -> None:
    keys = {r["key"] for r in seed.rows("sources")}
    adcodes = {r["adcode"] for r in seed.rows("counties")}
    for table, rows in seed.tables.items():
        if "source" not in COLUMNS[table]:
            continue
        for row in rows:
            if not row["source"]:
                seed.problem(row, "source is empty")
            elif source_key(row["source"]) not in keys:
                seed.problem(row, f"unknown source key {source_key(row['source'])!r}")
    for row in seed.rows("counties"):
        if row["terrain"] not in ("basin", "mountain"):
            seed.problem(row, f"terrain must be basin or mountain, not {row['terrain']!r}")
    for row in seed.rows("sites"):
        if not SITE_ID.match(row["id"]):
            seed.problem(row, f"site id {row['id']!r} is not a lowercase slug")
        if row["county_adcode"] and row["county_adcode"] not in adcodes:
            seed.problem(row, f"unknown county adcode {row['county_adcode']!r}")
        if row["kind"] and row["kind"] not in SITE_KINDS:
            seed.problem(row, f"unknown kind {row['kind']!r}")
        for theme in split_list(row["themes"]):
            if theme not in THEMES:
                seed.problem(row, f"unknown theme {theme!r}")
    for row in seed.rows("coordinates"):
        try:
            lon, lat = float(row["lon"]), float(row["lat"])
            if not (70 < lon < 140 and 0 < lat < 60):
                seed.problem(row, f"point {lon},{lat} is not in China")
        except ValueError:
            seed.problem(row, f"lon/lat not numbers: {row['lon']!r},{row['lat']!r}")
        if row["crs"] not in CRS_NAMES:
            seed.problem(row, f"crs must be one of {', '.join(CRS_NAMES)}, not {row['crs']!r}")
        if row["precision"] not in PRECISIONS:
            seed.problem(row, f"precision must be one of {', '.join(PRECISIONS)}")
        if row["status"] not in ("ok", "rejected"):
            seed.problem(row, "status must be ok or rejected")
        if row["status"] == "rejected" and not row["note"]:
            seed.problem(row, "a rejected coordinate needs the reason in note")
    for row in seed.rows("designations"):
        if row["kind"] not in DESIGNATION_KINDS:
            seed.problem(row, f"unknown designation kind {row['kind']!r}")
        if row["level"] not in LEVELS:
            seed.problem(row, f"unknown level {row['level']!r}")
        if (row["ended"] or row["end_reason"]) and (
            not re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", row["ended"])
            or row["end_reason"] not in END_REASONS
        ):
            seed.problem(row, "an ended designation needs ended (YYYY[-MM-DD]) and end_reason "
                         f"({', '.join(END_REASONS)})")
        _check_year(seed, row)
    for row in seed.rows("intangible"):
        if row["level"] not in LEVELS:
            seed.problem(row, f"unknown level {row['level']!r}")
        if row["county_adcode"] and row["county_adcode"] not in adcodes:
            seed.problem(row, f"unknown county adcode {row['county_adcode']!r}")
        _check_year(seed, row)
    for row in seed.rows("site_facts"):
        _check_fact(seed, row)


def _check_year(seed: Seed, row: Row) -> None:
    if row["year"] and not (row["year"].isdigit() and 1949 <= int(row["year"]) <= 2100):
        seed.problem(row, f"year {row['year']!r} is not a year")


def _check_fact(seed: Seed, row: Row) -> None:
    value = row["value"]
    if row["field"] not in FACT_FIELDS:
        seed.problem(row, f"field must be one of {', '.join(FACT_FIELDS)}")
    elif row["field"] == "visit_minutes":
        if not value.isdigit() or not 5 <= int(value) <= 720:
            seed.problem(row, f"visit_minutes must be 5..720, not {value!r}")
    elif row["field"] == "ticket_cny":
        try:
            if not 0 <= float(value) < 10000:
                raise ValueError
        except ValueError:
            seed.problem(row, f"ticket_cny must be a non-negative price, not {value!r}")
    elif row["field"] == "recommendation":
        low, high = RECOMMENDATION_RANGE
        try:
            if not low <= float(value) <= high:
                raise ValueError
        except ValueError:
            seed.problem(row, f"recommendation must be a weight {low:g}..{high:g}, not {value!r}")
    elif row["field"] == "hours":
        try:
            OpeningHours.from_dict(json.loads(value))
        except (ValueError, json.JSONDecodeError) as exc:
            seed.problem(row, f"hours: {exc}")
