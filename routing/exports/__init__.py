"""Itinerary exports shared by the app and ``python -m routing export``.

``build_sheet(itinerary, sites, lang, group_size, share_url)`` turns a plan into rows with flags;
``render(fmt, sheet)`` writes one format. Formats: csv, xlsx, ics, gpx, html (``FORMATS``).
"""

from __future__ import annotations

from collections.abc import Callable

from routing.exports.files import headers as headers_for
from routing.exports.files import to_csv, to_gpx, to_ics, to_xlsx
from routing.exports.labels import LANGS, label
from routing.exports.rows import (
    DaySheet,
    Row,
    TripSheet,
    build_sheet,
    display_name,
    drive_text,
    row_what,
)
from routing.exports.sheet import to_html

#: format -> (writer, file extension, MIME type)
FORMATS: dict[str, tuple[Callable[[TripSheet], bytes], str, str]] = {
    "csv": (to_csv, "csv", "text/csv"),
    "xlsx": (to_xlsx, "xlsx",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "ics": (to_ics, "ics", "text/calendar"),
    "gpx": (to_gpx, "gpx", "application/gpx+xml"),
    "html": (lambda s: to_html(s).encode("utf-8"), "html", "text/html"),
}


def render(fmt: str, sheet: TripSheet) -> bytes:
    """The file of format ``fmt`` (a key of ``FORMATS``) for ``sheet``."""
    return FORMATS[fmt][0](sheet)


__all__ = ["FORMATS", "LANGS", "DaySheet", "Row", "TripSheet", "build_sheet", "display_name", "headers_for", "label",
           "render", "row_what", "drive_text", "to_csv", "to_gpx", "to_html", "to_ics", "to_xlsx"]
