"""Field-level validation of site edits, with messages a person can act on.

``clean_fields`` turns raw input (from a form, a CSV cell or JSON) into the stored form, and
returns one message per bad field so a page can show it next to that field. Nothing here is
escaped: HTML or script in a text field is kept verbatim as text, and every page renders it as
text (never ``unsafe_allow_html``), so it stays inert.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sqlite3
from collections.abc import Mapping
from typing import Any

from catalog.defaults import SITE_KINDS
from catalog.geo import CountyShape, county_of, shape_from_geometry
from catalog.masking import PUBLIC_PRECISIONS
from catalog.models import (
    DESIGNATION_KINDS,
    END_REASONS,
    LEVELS,
    PRECISIONS,
    THEMES,
    OpeningHours,
)
from catalog.problems import Message, Problem, message

#: Fields of a site an officer edits, in form order. ``designations`` is a list of dicts.
EDITABLE_FIELDS: tuple[str, ...] = (
    "name_zh",
    "name_en",
    "county_adcode",
    "township",
    "village",
    "address",
    "lat",
    "lon",
    "coord_precision",
    "coord_source",
    "public_precision",
    "kind",
    "themes",
    "visit_minutes",
    "visit_minutes_estimated",
    "hours",
    "ticket_cny",
    "ticket_estimated",
    "recommendation",
    "recommendation_note",
    "note",
    "designations",
)
REQUIRED: frozenset[str] = frozenset(
    {"name_zh", "county_adcode", "lat", "lon", "coord_precision", "kind"}
)
#: Maximum characters per text field.
TEXT_LIMITS: dict[str, int] = {
    "name_zh": 60,
    "name_en": 120,
    "township": 60,
    "village": 60,
    "address": 200,
    "coord_source": 300,
    "recommendation_note": 300,
    "note": 2000,
}
DESIGNATION_TEXT_LIMITS = {"batch": 40, "ref_no": 40, "official_name": 120, "source": 300}
COORD_DECIMALS = 6  # ~0.1 m: what the map click is rounded to before it is saved
MAX_DESIGNATIONS = 20

_shape_cache: dict[str, dict[str, CountyShape]] = {}

#: A required field left empty (``clean_fields`` and ``catalog.editing`` report it).
IS_REQUIRED = Message("is required", "required")


class ValidationFailed(ValueError):
    """One or more fields are wrong; ``errors`` maps field name to message."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


def county_shapes(conn: sqlite3.Connection) -> dict[str, CountyShape]:
    """County polygons of the catalogue behind ``conn`` (parsed once per database file)."""
    key = conn.execute("PRAGMA database_list").fetchone()[2] or str(id(conn))
    if key not in _shape_cache:
        rows = conn.execute(
            "SELECT b.adcode, c.name_zh, b.geometry_gcj02 FROM county_boundaries b "
            "JOIN counties c ON c.adcode = b.adcode"
        ).fetchall()
        _shape_cache[key] = {r[0]: shape_from_geometry(r[0], r[1], json.loads(r[2])) for r in rows}
    return _shape_cache[key]


def clean_text(value: Any, limit: int, *, multiline: bool = False) -> str | None:
    """The one rule for a free-text value (sites, hours, 非遗 items, greenways): None stays
    None; anything that is not a ``str``, is not valid Unicode, holds control characters (tab
    and newline only when ``multiline``) or U+FFFD, or is longer than ``limit`` once stripped
    is a coded ``Problem``; blank text becomes None."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise Problem("must_be_text", "must be text")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise Problem("bad_unicode", "is not valid Unicode text (wrong encoding?)") from None
    allowed = {"\n", "\t"} if multiline else set()
    if any((ord(c) < 32 and c not in allowed) or c == "\x7f" for c in value):
        raise Problem("control_chars", "contains control characters")
    if "\ufffd" in value:
        raise Problem("replacement_char",
                      "contains U+FFFD: the text was decoded with the wrong encoding")
    value = value.strip()
    if len(value) > limit:
        raise Problem("too_long", f"is {len(value)} characters; at most {limit}", n=len(value),
                      limit=limit)
    return value or None


def _number(value: Any, *, integer: bool = False) -> float | int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise Problem("not_a_number", "must be a number")
    if isinstance(value, str):
        if len(value) > 40:
            raise Problem("not_a_number", "is not a number")
        try:
            value = float(value.strip())
        except ValueError:
            raise Problem("not_a_number_value", f"{value.strip()[:20]!r} is not a number",
                          value=value.strip()[:20]) from None
    if not isinstance(value, int | float):
        raise Problem("not_a_number", "must be a number")
    if not math.isfinite(value):
        raise Problem("not_finite", "must be a finite number (not NaN or infinity)")
    if integer:
        if value != int(value):
            raise Problem("not_whole", "must be a whole number")
        return int(value)
    return float(value)


def _flag(value: Any) -> int:
    if isinstance(value, bool) or value in (0, 1):
        return int(value)
    if isinstance(value, str) and value.strip().lower() in ("0", "1", "true", "false", "yes", "no"):
        return int(value.strip().lower() in ("1", "true", "yes"))
    raise Problem("not_flag", "must be yes or no")


def _themes(value: Any) -> list[str]:
    items = value.split(";") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise Problem("themes_list", "must be a list of themes")
    result: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise Problem("themes_list", "must be a list of themes")
        item = item.strip()
        if item and item not in THEMES:
            raise Problem("unknown_theme",
                          f"unknown theme {item[:20]!r}; known: {', '.join(THEMES)}",
                          theme=item[:20], known="、".join(THEMES))
        if item and item not in result:
            result.append(item)
    return result


def _hours(value: Any) -> dict:
    if isinstance(value, str):
        if len(value) > 5000:
            raise Problem("hours_too_long", "is too long")
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise Problem("hours_json", "must be an opening-hours object (JSON)") from None
    hours = OpeningHours.from_dict(value)  # raises ValueError with a usable message
    clean_text(hours.note, 500)
    clean_text(hours.source, 300)
    return hours.to_dict()


def _designations(value: Any) -> list[dict]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise Problem("designations_list", "must be a list of designations") from None
    if not isinstance(value, list | tuple) or len(value) > MAX_DESIGNATIONS:
        raise Problem("designations_too_many",
                      f"must be a list of at most {MAX_DESIGNATIONS} designations",
                      n=MAX_DESIGNATIONS)
    result, seen = [], set()
    for i, raw in enumerate(value, 1):
        if not isinstance(raw, Mapping):
            raise Problem("designation_object", f"#{i} must be an object", i=i)
        kind, level = raw.get("kind"), raw.get("level")
        if kind not in DESIGNATION_KINDS:
            raise Problem("designation_kind", f"#{i}: unknown kind {str(kind)[:30]!r}", i=i,
                          kind=str(kind)[:30])
        if level not in LEVELS:
            raise Problem("designation_level",
                          f"#{i}: unknown level {str(level)[:30]!r}; known: {', '.join(LEVELS)}",
                          i=i, level=str(level)[:30], known=", ".join(LEVELS))
        if (level == "world") != (kind == "世界文化遗产"):
            raise Problem("designation_world",
                          f"#{i}: level 'world' goes with 世界文化遗产 and only with it", i=i)
        year = _number(raw.get("year"), integer=True)
        if year is not None and not 1900 <= year <= dt.date.today().year + 1:
            raise Problem("designation_year", f"#{i}: year {year} is not plausible", i=i,
                          year=year)
        clean = {"kind": kind, "level": level, "year": year}
        clean["ended"], clean["end_reason"] = _designation_end(raw, i)
        for key, limit in DESIGNATION_TEXT_LIMITS.items():
            try:
                clean[key] = clean_text(raw.get(key), limit)
            except ValueError as exc:
                raise Problem("designation_text", f"#{i} {key} {exc}", i=i, key=key,
                              detail=message(exc)) from None
        clean["source"] = clean["source"] or ""
        ident = (kind, level, clean["batch"])
        if ident in seen:
            raise Problem("designation_repeat",
                          f"#{i} repeats {kind} ({level}, batch {clean['batch']})", i=i,
                          kind=kind, level=level, batch=clean["batch"])
        seen.add(ident)
        result.append(clean)
    return sorted(result, key=lambda d: (d["kind"], d["level"], d["batch"] or "", d["source"]))


def _designation_end(raw: Mapping[str, Any], i: int) -> tuple[str | None, str | None]:
    """(ended, end_reason): a date ``YYYY``/``YYYY-MM-DD`` with one of END_REASONS, or neither."""
    ended, reason = raw.get("ended"), raw.get("end_reason")
    ended = str(ended).strip() if ended not in (None, "") else None
    reason = str(reason).strip() if reason not in (None, "") else None
    if ended is None and reason is None:
        return None, None
    if ended is None or not re.fullmatch(r"\d{4}(-\d{2}-\d{2})?", ended):
        raise Problem("designation_ended", f"#{i}: the end date must be YYYY or YYYY-MM-DD",
                      i=i)
    if reason not in END_REASONS:
        raise Problem("designation_end_reason",
                      f"#{i}: an ended designation needs a reason: {', '.join(END_REASONS)}",
                      i=i, known=", ".join(END_REASONS))
    return ended, reason


def _clean_one(field: str, value: Any, counties: set[str]) -> Any:
    if field in TEXT_LIMITS:
        return clean_text(value, TEXT_LIMITS[field], multiline=field == "note")
    if field in ("lat", "lon"):
        number = _number(value)
        return None if number is None else round(float(number), COORD_DECIMALS)
    if field == "county_adcode":
        if value not in counties:
            raise Problem("unknown_county", "is not one of Jinzhong's 11 county-level units")
        return value
    if field == "coord_precision":
        if value not in PRECISIONS:
            raise Problem("unknown_precision", f"must be one of {', '.join(PRECISIONS)}",
                          known=", ".join(PRECISIONS))
        return value
    if field == "public_precision":
        if value in (None, ""):
            return None
        if value not in PUBLIC_PRECISIONS:
            raise Problem("unknown_public_precision",
                          f"must be empty or one of {', '.join(PUBLIC_PRECISIONS)}",
                          known=", ".join(PUBLIC_PRECISIONS))
        return value
    if field == "kind":
        if value not in SITE_KINDS:
            raise Problem("unknown_site_kind",
                          f"unknown kind of site; known: {', '.join(SITE_KINDS)}",
                          known=", ".join(SITE_KINDS))
        return value
    if field == "themes":
        return _themes(value)
    if field == "visit_minutes":
        minutes = _number(value, integer=True)
        if minutes is None or not 5 <= minutes <= 24 * 60:
            raise Problem("visit_range", "must be between 5 and 1440 minutes")
        return minutes
    if field == "ticket_cny":
        price = _number(value)
        if price is not None and not 0 <= price <= 10_000:
            raise Problem("ticket_range", "must be between 0 and 10000 CNY (empty = unknown)")
        return price
    if field == "recommendation":
        weight = _number(value)
        if weight is None or not 0 <= weight <= 5:
            raise Problem("recommendation_range", "must be a weight between 0 and 5 (1 = neutral)")
        return weight
    if field in ("visit_minutes_estimated", "ticket_estimated"):
        return _flag(value)
    if field == "hours":
        return _hours(value)
    if field == "designations":
        return _designations(value)
    raise Problem("not_editable", "is not an editable field")


def clean_fields(
    raw: Mapping[str, Any], counties: set[str]
) -> tuple[dict[str, Any], dict[str, Message]]:
    """(cleaned values, errors by field) for the fields present in ``raw``."""
    clean: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for field, value in raw.items():
        if field not in EDITABLE_FIELDS:
            errors[str(field)[:40]] = Message("is not an editable field", "not_editable")
            continue
        try:
            clean[field] = _clean_one(field, value, counties)
        except ValueError as exc:
            errors[field] = message(exc)
            continue
        if field in REQUIRED and clean[field] in (None, ""):
            errors[field] = IS_REQUIRED
    return clean, errors


def check_point(state: Mapping[str, Any], shapes: Mapping[str, CountyShape]) -> Message | None:
    """None when the site's point lies in its county, else a message naming where it is."""
    lon, lat, adcode = state.get("lon"), state.get("lat"), state.get("county_adcode")
    if lon is None or lat is None or adcode not in shapes:
        return None  # reported as missing/unknown by the field checks
    if shapes[adcode].contains_wgs84(lon, lat):
        return None
    actual = county_of(lon, lat, dict(shapes))
    if actual is None:
        return Message(
            f"{lat:.6f}, {lon:.6f} is outside Jinzhong (no county polygon contains it)",
            "outside_jinzhong", {"lat": f"{lat:.6f}", "lon": f"{lon:.6f}"})
    return Message(
        f"{lat:.6f}, {lon:.6f} lies in {shapes[actual].name}, not {shapes[adcode].name}: "
        "move the point or change the county",
        "wrong_county", {"lat": f"{lat:.6f}", "lon": f"{lon:.6f}", "actual": shapes[actual].name,
                         "county": shapes[adcode].name},
    )
