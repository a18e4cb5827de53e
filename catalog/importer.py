"""Import sites from CSV, Excel (.xlsx) or GeoJSON: all-or-nothing, every bad row with its line.

What ``python -m catalog export`` writes is accepted unchanged: the export's read-only columns
(``pinyin``, ``county``, ``hours_estimated``, ``greenways``, ``sources``) are recognised and
ignored with one note; ``county_adcode`` takes an adcode or a county name (and ``county`` stands
in for it when it is absent); ``designations`` is the export's cell (``kind/level/batch/year;…``,
see ``catalog.report.DESIGNATION_CELL_HELP``) or, in GeoJSON, its list of objects. A designations
cell lists the site's designations: one matching an existing designation (same kind, level and
batch) keeps that one's reference number and source; the others are added, and the site's
designations missing from a non-empty cell are removed.

One row (or Feature) is one site. A row whose ``id`` is in the catalogue updates that site's
non-empty fields (and adds its designation if the site lacks it); any other row creates a site.
The whole file is applied to a scratch copy first: if any row is bad, nothing is written and
:class:`ImportReport` lists every problem; ``dry_run`` checks everything and writes nothing. A
good file is then copied into the live catalogue in one short ``BEGIN IMMEDIATE`` transaction
(:func:`import_rows` says why).

Coordinates are WGS-84 unless the file says otherwise: a CSV ``crs`` column (per row), or a
GeoJSON top-level ``"crs": {"type": "name", "properties": {"name": "GCJ02"}}`` — ``WGS84``,
``GCJ02`` and ``BD09`` are accepted and converted to WGS-84 before validation.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from catalog.coords import to_wgs84
from catalog.editing import EditError, create_site, site_state, update_site
from catalog.models import CRS_NAMES, county_aliases
from catalog.permissions import Actor, Permission, PermissionDenied, require
from catalog.problems import Message, Translatable
from catalog.problems import message as as_message
from catalog.repository import counties_of
from catalog.safetext import uncell
from catalog.sheets import READ_ONLY_COLUMNS, SheetFailed, xlsx_table
from catalog.store import connect, write_transaction
from catalog.validation import EDITABLE_FIELDS, ValidationFailed

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
_SITE_COLUMNS = set(EDITABLE_FIELDS) | {"id", "crs"}
_KNOWN_COLUMNS = _SITE_COLUMNS | set(READ_ONLY_COLUMNS)
_LIST_FIELDS = {"themes", "hours", "designations"}  # GeoJSON may give a list or object here
_DESIGNATION_COLUMNS = {
    "designation_kind": "kind",
    "designation_level": "level",
    "designation_batch": "batch",
    "designation_year": "year",
    "designation_ref_no": "ref_no",
    "designation_source": "source",
}


class ImportFailed(Translatable):
    """The file as a whole cannot be read (encoding, format, size)."""


@dataclass(frozen=True)
class RawRow:
    """One record of the file with the line it starts on (1-based)."""

    line: int
    values: dict[str, Any]


@dataclass
class ImportReport:
    """What an import did or would do."""

    path: str
    rows: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    notes: list[Message] = field(default_factory=list)  # about the file, not a row: not errors
    dry_run: bool = False
    batch: str = ""
    write_lock_s: float = 0.0  # how long the live file's write lock was held (0: not taken)

    @property
    def ok(self) -> bool:
        """True when no row was bad (and so, unless a dry run, everything was written)."""
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary."""
        return {
            "path": self.path,
            "rows": self.rows,
            "ok": self.ok,
            "dry_run": self.dry_run,
            "written": self.ok and not self.dry_run,
            "batch": self.batch,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "problems": [{"line": line, "reason": r} for line, r in self.problems],
            "notes": list(self.notes),
        }

    def grouped(self) -> list[tuple[str, list[int]]]:
        """The problems with the lines each occurs on, a repeated problem once (first seen first)."""
        groups: dict[str, tuple[str, list[int]]] = {}
        for line, reason in self.problems:
            groups.setdefault(str(reason), (reason, []))[1].append(line)
        return list(groups.values())


class Reader(Protocol):
    """A file format: text in, rows with line numbers out (ImportFailed for a broken file)."""

    def rows(self, text: str) -> Iterator[RawRow]: ...


class CsvReader:
    """UTF-8 CSV with a header row; ``themes`` separated by ``;``."""

    def rows(self, text: str) -> Iterator[RawRow]:
        """Records with the physical line each starts on."""
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if not reader.fieldnames:
            raise ImportFailed("the file is empty", "import_empty")
        check_columns(reader.fieldnames)
        start = reader.line_num + 1
        for record in reader:
            extra = record.pop(None, None)  # type: ignore[call-overload]
            # a leading ' that our export put before formula-like text comes off (safetext.uncell)
            values: dict[str, Any] = {k: uncell(v) for k, v in record.items()
                                      if v not in (None, "")}
            if extra:
                values["__extra__"] = extra
            yield RawRow(start, values)
            start = reader.line_num + 1


def check_columns(names: list[str]) -> None:
    """ImportFailed naming every column the importer does not know."""
    unknown = set(names) - _KNOWN_COLUMNS - set(_DESIGNATION_COLUMNS)
    if unknown:
        raise ImportFailed(f"unknown columns: {', '.join(sorted(unknown))}",
                           "import_columns", columns=", ".join(sorted(unknown)))


class GeoJsonReader:
    """A FeatureCollection of Point features; properties use the CSV column names."""

    def rows(self, text: str) -> Iterator[RawRow]:
        """Features with the line each starts on."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"not valid JSON (line {exc.lineno}: {exc.msg})", "import_json",
                               line=exc.lineno, detail=exc.msg) from None
        except (RecursionError, ValueError) as exc:  # nesting too deep; a number over 4300 digits
            detail = "nested too deeply" if isinstance(exc, RecursionError) else "number too long"
            raise ImportFailed(f"not valid JSON ({detail})", "import_json", line=1,
                               detail=detail) from None
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            raise ImportFailed("expected a GeoJSON FeatureCollection", "import_not_fc")
        crs = _crs_name(data.get("crs"))
        features = data.get("features")
        if not isinstance(features, list):
            raise ImportFailed("the FeatureCollection has no features list", "import_no_features")
        lines = _feature_lines(text, len(features))
        for line, feature in zip(lines, features, strict=True):
            values: dict[str, Any] = {"crs": crs}
            if not isinstance(feature, dict):
                values["__error__"] = Message("a feature must be an object", "import_feature")
                yield RawRow(line, values)
                continue
            geometry = feature.get("geometry") or {}
            coords = geometry.get("coordinates") if isinstance(geometry, dict) else None
            if geometry.get("type") != "Point" or not isinstance(coords, list) or len(coords) < 2:
                values["__error__"] = Message("geometry must be a Point with [lon, lat]",
                                              "import_point")
            else:
                values["lon"], values["lat"] = coords[0], coords[1]
            props = feature.get("properties") or {}
            if not isinstance(props, dict):
                values["__error__"] = Message("properties must be an object", "import_properties")
                props = {}
            if "id" in feature and "id" not in props:
                props = {**props, "id": feature["id"]}
            values.update({k: v for k, v in props.items() if v not in (None, "")})
            yield RawRow(line, values)


def _crs_name(crs: object) -> str:
    """The name in a GeoJSON ``crs`` member (``{"type": "name", "properties": {"name": …}}``)."""
    if crs is None:
        return "WGS84"
    props = crs.get("properties") if isinstance(crs, dict) else None
    name = props.get("name") if isinstance(props, dict) else None
    if not isinstance(name, str) or not name:
        raise ImportFailed('"crs" must be {"type": "name", "properties": {"name": "GCJ02"}}',
                           "import_crs_object")
    return name


def _feature_lines(text: str, count: int) -> list[int]:
    """The line on which each element of the top-level ``features`` array starts."""
    decoder = json.JSONDecoder()
    ws = " \t\r\n"

    def skip(i: int) -> int:
        while i < len(text) and text[i] in ws:
            i += 1
        return i

    i = skip(0) + 1  # past '{'
    while True:
        i = skip(i)
        key, i = decoder.raw_decode(text, i)
        i = skip(skip(i) + 1)  # past ':'
        if key == "features":
            break
        _, i = decoder.raw_decode(text, i)
        i = skip(i)
        i += 1  # past ','
    i += 1  # past '['
    starts = []
    line, counted = 1, 0  # newlines are counted once, from where the last feature started
    for _ in range(count):
        i = skip(i)
        line += text.count("\n", counted, i)
        counted = i
        starts.append(line)
        _, i = decoder.raw_decode(text, i)
        i = skip(i) + 1  # past ',' or ']'
    return starts


READERS: dict[str, Reader] = {
    ".csv": CsvReader(),
    ".geojson": GeoJsonReader(),
    ".json": GeoJsonReader(),
}


def _check_size(data: bytes) -> None:
    if len(data) > MAX_FILE_BYTES:
        mb = MAX_FILE_BYTES // 1024 // 1024
        raise ImportFailed(f"the file is larger than {mb} MB", "import_too_large", mb=mb)


def xlsx_rows(data: bytes) -> list[RawRow]:
    """The first sheet of an Excel workbook as rows (line = the sheet's row number)."""
    _check_size(data)
    try:
        header, records = xlsx_table(data)
    except SheetFailed as exc:
        raise ImportFailed(str(exc), exc.code) from None
    check_columns(header)
    return [RawRow(line, values) for line, values in records]


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM is allowed); a clear error naming the line of the first bad byte."""
    _check_size(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            f"line {line}: the file is not UTF-8 (byte {exc.start}); save it as UTF-8 "
            "(files from Excel are often GBK)", "import_not_utf8", line=line, byte=exc.start,
        ) from None


class RowProblem(Translatable, ValueError):
    """One row cannot be used (the reason is translated on the page)."""


def _row_fields(
    raw: RawRow, counties: dict[str, str], ignored: set[str]
) -> tuple[dict[str, Any], dict[str, Any] | None, Any]:
    """Site fields (WGS-84), the row's single designation and its designations cell (or None).

    Read-only columns are dropped (their names collected in ``ignored``); RowProblem otherwise.
    """
    values = dict(raw.values)
    if "__error__" in values:
        error = values["__error__"]
        raise RowProblem(str(error), getattr(error, "code", None))
    if "__extra__" in values:
        raise RowProblem("more cells than header columns", "import_extra_cells")
    unknown = set(values) - _KNOWN_COLUMNS - set(_DESIGNATION_COLUMNS)
    if unknown:
        names = ", ".join(sorted(map(str, unknown)))[:200]
        raise RowProblem(f"unknown fields: {names}", "import_fields", fields=names)
    county = values.get("county")
    for column in READ_ONLY_COLUMNS:
        if column in values:
            ignored.add(column)
            values.pop(column)
    nested = ", ".join(sorted(k for k, v in values.items()
                              if isinstance(v, dict | list) and k not in _LIST_FIELDS))
    if nested:
        raise RowProblem(f"{nested} must be text or a number, not a list or object",
                         "import_nested", fields=nested)
    if "county_adcode" not in values and county not in (None, ""):
        values["county_adcode"] = county
    if "county_adcode" in values:
        key = str(values["county_adcode"]).strip()
        key = key[:-2] if key.endswith(".0") else key  # a spreadsheet's number cell
        values["county_adcode"] = counties.get(key.lower(), key)
    crs = str(values.pop("crs", "WGS84")).upper().replace("-", "").replace("_", "")
    if crs not in CRS_NAMES:
        raise RowProblem(f"crs {crs[:20]!r} is not one of {', '.join(CRS_NAMES)}", "import_crs",
                         crs=crs[:20], known=", ".join(CRS_NAMES))
    designation = {
        target: values.pop(column)
        for column, target in _DESIGNATION_COLUMNS.items()
        if column in values
    }
    cell = values.pop("designations", None)
    fields = {k: v for k, v in values.items() if k != "id"}
    if ("lat" in fields) != ("lon" in fields):
        raise RowProblem("give both lat and lon, or neither", "import_lat_lon")
    if "lat" in fields and crs != "WGS84":
        try:
            lon, lat = float(fields["lon"]), float(fields["lat"])
        except (TypeError, ValueError):
            raise RowProblem("lat/lon must be numbers", "import_lat_lon_numbers") from None
        fields["lon"], fields["lat"] = to_wgs84(lon, lat, crs)
    return fields, designation or None, cell


def county_names(conn: sqlite3.Connection) -> dict[str, str]:
    """Lower-cased adcodes and names (平遥县, 平遥, pingyao county, pingyao) -> adcode: the
    spellings ``Catalog.county_adcode`` reads (``catalog.models.county_aliases``)."""
    return county_aliases(counties_of(conn))


def parse_designation_cell(cell: Any) -> list[dict[str, Any]]:
    """The designations of one cell (``kind/level/batch/year;…``) or a GeoJSON list of objects."""
    if isinstance(cell, list):
        if not all(isinstance(d, dict) for d in cell):
            raise RowProblem("designations must be a list of objects", "import_designations")
        return [dict(d) for d in cell]
    result = []
    for part in str(cell).split(";"):
        if not part.strip():
            continue
        pieces = [p.strip() for p in part.split("/")]
        if len(pieces) < 2 or len(pieces) > 6:
            raise RowProblem(
                f"designation {part.strip()[:40]!r} is not kind/level/batch/year",
                "import_designation_cell", value=part.strip()[:40])
        pieces += [""] * (6 - len(pieces))
        kind, level, batch, year, ended, reason = pieces
        result.append({"kind": kind, "level": level, "batch": batch or None, "year": year or None,
                       "ended": ended or None, "end_reason": reason or None})
    return result


def merge_designations(current: list[dict], given: list[dict]) -> list[dict]:
    """The cell's designations, each keeping what the catalogue knows of it beyond the cell."""

    def key(d: dict) -> tuple:
        return (d.get("kind"), d.get("level"), str(d["batch"]) if d.get("batch") else None)

    known = {key(d): d for d in current}
    merged = []
    for d in given:
        base = dict(known.get(key(d), {}))
        base.update({k: v for k, v in d.items() if v not in (None, "")})
        if not d.get("ended"):  # the cell says it is current
            base.update(ended=None, end_reason=None)
        base.setdefault("batch", None)
        merged.append(base)
    return merged


def import_rows(
    conn: sqlite3.Connection,
    actor: Actor,
    rows: list[RawRow],
    *,
    path: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Apply ``rows`` all or nothing; the live file's write lock is held only for the copy-over.

    A long import must not keep logins and saves waiting (finding 6 of issue 13: 15k rows held
    the lock for 48 s). So the rows are validated and applied to a private scratch copy of the
    catalogue (the same code path as a single edit, with every check), and only when all rows
    are good is the result copied into the live file in one short ``BEGIN IMMEDIATE``
    transaction, after checking that nobody saved one of the file's sites meanwhile (else the
    whole import runs again on a fresh copy, up to ``_ATTEMPTS`` times). Edits to other sites
    meanwhile do not matter.
    """
    report = ImportReport(path=path, rows=len(rows), dry_run=dry_run, batch=uuid.uuid4().hex[:12])
    if len(rows) > MAX_ROWS:
        report.problems.append((0, f"more than {MAX_ROWS} rows"))
        return report
    require(conn, actor, Permission.CATALOG_IMPORT)  # again under the write lock below
    for _ in range(_ATTEMPTS):
        with tempfile.TemporaryDirectory(prefix="jz-import-") as tmp:
            scratch_path = Path(tmp) / "scratch.db"
            base = _snapshot(conn, scratch_path)
            scratch = connect(scratch_path, migrate=False)  # same pragmas as the live file
            try:
                attempt = ImportReport(path=path, rows=len(rows), dry_run=dry_run,
                                       batch=report.batch)
                with write_transaction(scratch):
                    seen: dict[str, int] = {}
                    counties = county_names(scratch)
                    ignored: set[str] = set()
                    for raw in rows:
                        _one(scratch, actor, raw, attempt, seen, counties, ignored)
                if ignored:
                    names = ", ".join(sorted(ignored))
                    attempt.notes.append(Message(f"read-only columns ignored: {names}",
                                                 "import_read_only", {"columns": names}))
            finally:
                scratch.close()
            if attempt.problems or dry_run:
                return attempt
            if _copy_over(conn, actor, scratch_path, base, attempt):
                return attempt
    report.problems.append((0, Message(
        "the file's sites kept being saved by others while it was imported; nothing was "
        "written, try again", "import_retry")))
    return report


_ATTEMPTS = 3
_COPIED = ("sites", "site_themes", "designations")


def _snapshot(conn: sqlite3.Connection, dest: Path) -> dict[str, int]:
    """Copy the live catalogue to ``dest`` (SQLite backup API: a consistent snapshot; readers
    and writers of the live file go on); returns every site's version at that moment."""
    out = sqlite3.connect(dest)
    try:
        conn.backup(out)
        versions = dict(out.execute("SELECT id, version FROM sites").fetchall())
    finally:
        out.close()
    return versions


def _copy_over(conn: sqlite3.Connection, actor: Actor, scratch: Path, base: dict[str, int],
               report: ImportReport) -> bool:
    """Copy the imported sites from ``scratch`` into the live file in one short transaction.

    False (nothing written) when someone saved one of the file's sites, or created one of its
    new ids, since the snapshot: the import then runs again on a fresh copy. Edits to other
    sites meanwhile are fine. Designation and change-log rows get new ids in the live file.
    """
    ids = sorted({*report.created, *report.updated})
    started = time.monotonic()
    conn.execute("ATTACH DATABASE ? AS scratch", [str(scratch)])
    try:
        with write_transaction(conn):
            require(conn, actor, Permission.CATALOG_IMPORT)
            if report.updated:
                require(conn, actor, Permission.SITE_EDIT)
            if report.created:
                require(conn, actor, Permission.SITE_CREATE)
            live = dict(conn.execute("SELECT id, version FROM main.sites").fetchall())
            if any(live.get(i) != base.get(i) for i in ids):
                return False
            conn.execute("CREATE TEMP TABLE import_ids (id TEXT PRIMARY KEY)")
            try:
                conn.executemany("INSERT INTO import_ids VALUES (?)", [(i,) for i in ids])
                _copy_rows(conn, report.batch)
            finally:
                conn.execute("DROP TABLE temp.import_ids")
    finally:
        conn.execute("DETACH DATABASE scratch")
        report.write_lock_s = round(time.monotonic() - started, 3)
    return True


def _copy_rows(conn: sqlite3.Connection, batch: str) -> None:
    """The set-based copy (inside the caller's transaction); triggers keep FTS, ranks, masks."""
    def columns(table: str, skip: tuple[str, ...] = ()) -> str:
        names = [r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")]
        return ", ".join(n for n in names if n not in skip)

    picked = "(SELECT id FROM temp.import_ids)"
    for table in ("site_themes", "designations"):
        conn.execute(f"DELETE FROM main.{table} WHERE site_id IN {picked}")
    names = [r[1] for r in conn.execute("PRAGMA main.table_info(sites)")]
    sets = ", ".join(f"{c} = s.{c}" for c in names if c != "id")
    conn.execute(f"UPDATE main.sites SET {sets} FROM scratch.sites AS s "
                 f"WHERE s.id = sites.id AND sites.id IN {picked}")
    cols = ", ".join(names)
    conn.execute(f"INSERT INTO main.sites ({cols}) SELECT {cols} FROM scratch.sites "
                 f"WHERE id IN {picked} AND id NOT IN (SELECT id FROM main.sites)")
    cols = columns("site_themes")
    conn.execute(f"INSERT INTO main.site_themes ({cols}) SELECT {cols} FROM scratch.site_themes "
                 f"WHERE site_id IN {picked}")
    cols = columns("designations", ("id",))
    conn.execute(f"INSERT INTO main.designations ({cols}) SELECT {cols} FROM "
                 f"scratch.designations WHERE site_id IN {picked} ORDER BY id")
    cols = columns("changes", ("id",))
    conn.execute(f"INSERT INTO main.changes ({cols}) SELECT {cols} FROM scratch.changes "
                 "WHERE batch = ? ORDER BY id", [batch])


def _one(
    conn: sqlite3.Connection,
    actor: Actor,
    raw: RawRow,
    report: ImportReport,
    seen: dict,
    counties: dict[str, str],
    ignored: set[str],
) -> None:
    site_id = raw.values.get("id")
    if site_id is not None:
        site_id = str(site_id).strip()
        if site_id in seen:
            report.problems.append((raw.line, Message(
                f"id {site_id} repeats line {seen[site_id]}", "import_repeat",
                {"id": site_id, "line": seen[site_id]})))
            return
        seen[site_id] = raw.line
    conn.execute("SAVEPOINT import_row")  # a bad row leaves no trace, so later rows check cleanly
    try:
        fields, designation, cell = _row_fields(raw, counties, ignored)
        state = site_state(conn, site_id) if site_id else None
        current = state["designations"] if state else []
        if cell is not None:
            current = merge_designations(current, parse_designation_cell(cell))
            fields["designations"] = current
        if designation is not None:
            fields["designations"] = [*current, designation]
        if state is None:
            twin = conn.execute(
                "SELECT id FROM sites WHERE name_zh = ? AND county_adcode = ?",
                [str(fields.get("name_zh", "")).strip(), fields.get("county_adcode")],
            ).fetchone()
            if twin is not None and site_id is None:
                raise RowProblem(
                    f"{twin[0]} already has this name in this county; put its id in the id "
                    "column to update it", "import_twin", id=twin[0])
            result = create_site(
                conn, actor, fields, site_id=site_id, batch=report.batch, in_transaction=True
            )
            report.created.append(result.site_id)
        else:
            if designation is not None and _has(current, designation):
                fields["designations"] = current
            if fields.get("designations") == state["designations"]:
                fields.pop("designations")
            _keep_withheld_point(conn, site_id, fields)
            result = update_site(
                conn, actor, site_id, None, fields, batch=report.batch, in_transaction=True
            )
            (report.updated if result.change_id else report.unchanged).append(site_id)
        conn.execute("RELEASE import_row")
    except (ValidationFailed, ValueError, EditError, PermissionDenied) as exc:
        conn.execute("ROLLBACK TO import_row")
        conn.execute("RELEASE import_row")
        reasons = exc.errors if isinstance(exc, ValidationFailed) else None
        if reasons:
            by_message: dict[str, list[str]] = {}
            for name, message in reasons.items():  # lat and lon share the point's message
                by_message.setdefault(message, []).append(name)
            for message, names in by_message.items():
                report.problems.append((raw.line, Message(
                    f"{', '.join(names)} {message}", "fields_problem",
                    {"fields": ", ".join(names), "detail": message})))
        else:
            report.problems.append((raw.line, as_message(exc)))


def _keep_withheld_point(conn: sqlite3.Connection, site_id: str, fields: dict) -> None:
    """A public export's row of a sensitive site carries its public point, precision and a
    'withheld' source: importing it back must not move the site there, so those are dropped."""
    row = conn.execute("SELECT public_lat, public_lon, public_precision FROM sites WHERE id = ?",
                       [site_id]).fetchone()
    if row is None or row["public_lat"] is None or "lat" not in fields:
        return
    try:
        same = (round(float(fields["lat"]), 6), round(float(fields["lon"]), 6)) == (
            round(row["public_lat"], 6), round(row["public_lon"], 6))
    except (TypeError, ValueError):
        return
    if same:
        for key in ("lat", "lon"):
            fields.pop(key, None)
        if fields.get("coord_precision") == row["public_precision"]:
            fields.pop("coord_precision")
        if str(fields.get("coord_source", "")).startswith("withheld"):
            fields.pop("coord_source")


def _has(designations: list[dict], new: dict) -> bool:
    return any(
        d["kind"] == new.get("kind")
        and d["level"] == new.get("level")
        and (d.get("batch") or None) == (str(new["batch"]) if new.get("batch") else None)
        for d in designations
    )


def import_file(
    conn: sqlite3.Connection, actor: Actor, path: str | Path, *, dry_run: bool = False
) -> ImportReport:
    """Read ``path`` (.csv, .xlsx, .geojson or .json) and import it; see :func:`import_rows`."""
    path = Path(path)
    if path.suffix.lower() not in (*READERS, ".xlsx"):
        raise ImportFailed(f"{path.name}: expected a .csv, .xlsx or .geojson file",
                           "import_type", name=path.name)
    return import_bytes(
        conn, actor, path.read_bytes(), path.suffix, name=str(path), dry_run=dry_run
    )


def import_bytes(
    conn: sqlite3.Connection,
    actor: Actor,
    data: bytes,
    suffix: str,
    *,
    name: str = "upload",
    dry_run: bool = False,
) -> ImportReport:
    """Import file contents (the officer page's upload path); ImportFailed for a broken file."""
    suffix = suffix.lower() if suffix.startswith(".") else f".{suffix.lower()}"
    if suffix == ".xlsx":
        rows = xlsx_rows(data)
    elif suffix in READERS:
        rows = list(READERS[suffix].rows(decode(data)))
    else:
        raise ImportFailed(f"{name}: expected a .csv, .xlsx or .geojson file", "import_type",
                           name=name)
    if not rows:
        raise ImportFailed(f"{name}: no rows to import", "import_no_rows", name=name)
    return import_rows(conn, actor, rows, path=name, dry_run=dry_run)
