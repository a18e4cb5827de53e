"""Excel (.xlsx) export and import of sites, through openpyxl.

The workbook's first sheet ``sites`` has the CSV export's columns (``catalog.report.CSV_COLUMNS``)
with typed cells; a second sheet ``columns`` says which columns are read-only (the importer
recognises and ignores them) and how designations are written in their cell
(``catalog.report.DESIGNATION_CELL_HELP``). The importer reads only the first sheet.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from catalog.problems import Translatable
from catalog.safetext import cell, uncell

#: Columns the export writes for information only; the importer ignores them with one note.
READ_ONLY_COLUMNS: tuple[str, ...] = ("pinyin", "county", "hours_estimated", "greenways", "sources")

_COLUMN_HELP = {
    "id": "site id (empty: a new site)",
    "county_adcode": "county adcode or name (平遥县, 平遥, Pingyao, 140728)",
    "themes": "themes separated by ;",
    "designations": "kind/level/batch/year[/end date/end reason] separated by ;",
    "lat": "WGS-84 latitude",
    "lon": "WGS-84 longitude",
}


class SheetFailed(Translatable):
    """The upload is not a readable .xlsx workbook."""


def to_xlsx(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """A workbook of ``rows`` (one dict per site, ``columns`` as keys) plus the column notes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "sites"
    sheet.append(list(columns))
    for header in sheet[1]:
        header.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(row.get(c)) for c in columns])
    sheet.freeze_panes = "A2"
    notes = book.create_sheet("columns")
    notes.append(["column", "read-only", "meaning"])
    for column in columns:
        notes.append([column, "yes" if column in READ_ONLY_COLUMNS else "",
                      _COLUMN_HELP.get(column, "")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    """Cells hold text, numbers and booleans; None stays an empty cell; formula-like text gets a
    leading ' (catalog.safetext.cell: openpyxl would store ``=…`` as a live formula)."""
    if value is None or isinstance(value, bool | int | float):
        return value
    return cell(str(value))


def xlsx_table(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, Any]]]]:
    """The first sheet's column names and (row number, {column: value}) of each non-empty row."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise SheetFailed("the file is not an Excel .xlsx workbook", "import_xlsx") from None
    try:
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None)
        if not header or all(h is None for h in header):
            raise SheetFailed("the file is empty", "import_empty")
        names = [str(h).strip() if h is not None else "" for h in header]
        records = []
        for number, values in enumerate(rows, start=2):
            record: dict[str, Any] = {
                names[i]: (uncell(v.strip()) if isinstance(v, str) else v)
                for i, v in enumerate(values)
                if i < len(names) and names[i] and v not in (None, "")
            }
            if any(v not in (None, "") for v in values[len(names):]):
                record["__extra__"] = True
            if record:
                records.append((number, record))
        return [n for n in names if n], records
    finally:
        book.close()
