"""Opening hours as officers write them: season rows, one line of text, and readable changes.

Three shapes of the same ``catalog.models.OpeningHours`` dict:

* **rows** for a form table: one per season, ``start``/``end`` (``MM-DD``), ``open``/``close``/
  ``last_entry`` (``HH:MM``) and ``closed`` (weekday numbers, Monday = 0).
* **one line** for a queue or a spreadsheet cell, e.g.
  ``04-01..10-31 08:00-18:00 last 17:30 closed Mon; 11-01..03-31 08:30-17:00`` (``always`` for a
  place with no gate). Weekdays may be ``Mon``…``Sun``, ``周一``…``周日`` or ``1``…``7``.
* **changes**: what differs between two schedules, season by season and field by field, so a
  history can say "04-01–10-31 open 08:00 → 08:30" instead of showing two JSON blobs.

Hours typed by an officer are the site's own (``estimated`` false) and carry the source the
officer names (:func:`confirmed`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from catalog.models import OpeningHours
from catalog.problems import Problem

WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_WEEKDAY_NAMES = {
    **{name.lower(): i for i, name in enumerate(WEEKDAYS_EN)},
    **{f"周{c}": i for i, c in enumerate("一二三四五六日")},
    "周天": 6,
    **{c: i for i, c in enumerate("一二三四五六日")},
    **{str(i + 1): i for i in range(7)},
}
SEASON_FIELDS = ("open", "close", "last_entry", "closed_weekdays")
_SEASON = re.compile(
    r"^(?P<start>\d\d-\d\d)\s*(?:\.\.|–|—|~|-)\s*(?P<end>\d\d-\d\d)\s+"
    r"(?P<open>\d{1,2}:\d\d)\s*(?:-|–|—|~)\s*(?P<close>\d{1,2}:\d\d)"
    r"(?:\s+(?:last|停止入场|最晚入场)\s*(?P<last>\d{1,2}:\d\d))?"
    r"(?:\s+(?:closed|闭馆)\s*(?P<closed>\S+))?$",
    re.IGNORECASE,
)


def _pad(hhmm: str) -> str:
    return hhmm if len(hhmm) == 5 else f"0{hhmm}"


def parse_weekdays(text: str) -> list[int]:
    """``Mon,Sun`` / ``周一、周日`` / ``1,7`` -> [0, 6]; Problem for an unknown name."""
    days: list[int] = []
    for part in re.split(r"[,，、/\s]+", text.strip()):
        if not part:
            continue
        day = _WEEKDAY_NAMES.get(part.lower())
        if day is None:
            raise Problem("hours_weekday", f"unknown weekday {part[:10]!r}", value=part[:10])
        if day not in days:
            days.append(day)
    return sorted(days)


def parse_line(text: str) -> dict[str, Any]:
    """One line (see the module docstring) -> an hours dict (validated; estimated false)."""
    text = text.strip()
    if text.lower() in ("always", "全天开放", "全天"):
        data: dict[str, Any] = {"seasons": [], "always_open": True}
    else:
        seasons = []
        for part in (p.strip() for p in re.split(r"[;；]", text)):
            if not part:
                continue
            found = _SEASON.match(part)
            if found is None:
                raise Problem(
                    "hours_line", f"{part[:60]!r} is not like '04-01..10-31 08:00-18:00 "
                    "last 17:30 closed Mon'", value=part[:60])
            season: dict[str, Any] = {
                "start": found["start"], "end": found["end"],
                "open": _pad(found["open"]), "close": _pad(found["close"]),
            }
            if found["last"]:
                season["last_entry"] = _pad(found["last"])
            if found["closed"]:
                season["closed_weekdays"] = parse_weekdays(found["closed"])
            seasons.append(season)
        data = {"seasons": seasons, "always_open": False}
    return OpeningHours.from_dict({**data, "estimated": False}).to_dict()


def format_line(hours: Mapping[str, Any] | None) -> str:
    """The one-line form of an hours dict (parse_line reads it back)."""
    if not hours:
        return ""
    if hours.get("always_open"):
        return "always"
    parts = []
    for s in hours.get("seasons", []):
        part = f"{s['start']}..{s['end']} {s['open']}-{s['close']}"
        if s.get("last_entry"):
            part += f" last {s['last_entry']}"
        if s.get("closed_weekdays"):
            part += " closed " + ",".join(WEEKDAYS_EN[d] for d in s["closed_weekdays"])
        parts.append(part)
    return "; ".join(parts)


def rows_of(hours: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Form rows, one per season (``closed``: weekday numbers)."""
    return [
        {
            "start": s["start"], "end": s["end"], "open": s["open"], "close": s["close"],
            "last_entry": s.get("last_entry") or "", "closed": list(s.get("closed_weekdays", [])),
        }
        for s in (hours or {}).get("seasons", [])
    ]


def from_rows(rows: Sequence[Mapping[str, Any]], *, always_open: bool = False) -> dict[str, Any]:
    """An hours dict (validated; estimated false) from form rows; empty rows are skipped."""
    seasons = []
    for row in rows:
        values = {k: ("" if v is None or v != v else str(v).strip()) for k, v in row.items()
                  if k != "closed"}
        if not any(values.values()):
            continue
        season: dict[str, Any] = {k: values.get(k, "") for k in ("start", "end", "open", "close")}
        if values.get("last_entry"):
            season["last_entry"] = values["last_entry"]
        closed = row.get("closed")
        if closed is None or (isinstance(closed, float) and closed != closed):  # pandas NaN
            closed = []
        if isinstance(closed, str):
            closed = parse_weekdays(closed)
        else:
            closed = [d if isinstance(d, int) else parse_weekdays(str(d))[0] for d in closed]
        if closed:
            season["closed_weekdays"] = sorted(set(closed))
        seasons.append(season)
    data = {"seasons": seasons, "always_open": bool(always_open), "estimated": False}
    return OpeningHours.from_dict(data).to_dict()


def confirmed(hours: Mapping[str, Any], source: str) -> dict[str, Any]:
    """``hours`` as the site's own published hours: not estimated, with the officer's source
    (required: a fact without a source is not one)."""
    if not source or not source.strip():
        raise Problem("hours_source_required",
                      "say where these hours come from (a notice, a website, a phone call)")
    return {**hours, "estimated": False, "source": source.strip()}


def changes(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> list[dict]:
    """What changed, as ``{"season": "04-01–10-31" | None, "field", "before", "after"}`` items.

    Seasons are matched by their dates; a season only in one schedule is one item with field
    ``season`` (before or after None). ``estimated``/``source``/``always_open`` are items with
    season None.
    """
    before, after = before or {}, after or {}
    items: list[dict] = []
    old = {(s["start"], s["end"]): s for s in before.get("seasons", [])}
    new = {(s["start"], s["end"]): s for s in after.get("seasons", [])}
    for dates in [*old, *(d for d in new if d not in old)]:
        label = f"{dates[0]}–{dates[1]}"
        if dates not in new:
            items.append({"season": label, "field": "season", "before": format_line(
                {"seasons": [old[dates]]}), "after": None})
        elif dates not in old:
            items.append({"season": label, "field": "season", "before": None,
                          "after": format_line({"seasons": [new[dates]]})})
        else:
            for field in SEASON_FIELDS:
                a, b = old[dates].get(field), new[dates].get(field)
                if (a or None) != (b or None):
                    items.append({"season": label, "field": field, "before": a, "after": b})
    for key in ("always_open", "estimated", "source", "note"):  # after the times: less telling
        if before.get(key) != after.get(key) and (before.get(key) or after.get(key)):
            items.append({"season": None, "field": key, "before": before.get(key),
                          "after": after.get(key)})
    return items
