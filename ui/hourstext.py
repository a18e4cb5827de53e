"""Opening hours for people: season names, readable changes, the form table (pure, no widgets).

``catalog.hours`` holds the shapes and the comparison; this module words them in the user's
language, e.g. a history line "4–10月 开放 08:00 → 08:30" / "Apr–Oct open 08:00 → 08:30".
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from typing import Any

from catalog import hours as hours_mod
from ui.i18n import weekday_names

_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
FIELD_WORDS = {
    "open": ("开放", "open"),
    "close": ("关门", "close"),
    "last_entry": ("停止入场", "last entry"),
    "closed_weekdays": ("闭馆日", "closed on"),
    "season": ("时段", "season"),
    "always_open": ("全天开放", "always open"),
    "estimated": ("估计值", "estimated"),
    "source": ("来源", "source"),
    "note": ("备注", "note"),
}


def season_label(label: str, lang: str) -> str:
    """``04-01–10-31`` -> ``4–10月`` / ``Apr–Oct`` when the season is whole months."""
    try:
        start, end = label.split("–")
        sm, sd = map(int, start.split("-"))
        em, ed = map(int, end.split("-"))
    except ValueError:
        return label
    if sd != 1 or ed != calendar.monthrange(2023, em)[1]:
        return label
    if lang == "en":
        return _MONTHS_EN[sm - 1] if sm == em else f"{_MONTHS_EN[sm - 1]}–{_MONTHS_EN[em - 1]}"
    return f"{sm}月" if sm == em else f"{sm}–{em}月"


def _value(field: str, value: Any, lang: str) -> str:
    if value in (None, "", []):
        return "—"
    if field == "closed_weekdays":
        names = weekday_names(lang)
        return ("、" if lang != "en" else ", ").join(names[d] for d in value)
    if isinstance(value, bool):
        return ("是" if value else "否") if lang != "en" else ("yes" if value else "no")
    return str(value)


def hours_word(field: str, lang: str) -> str:
    """The word for one field of a schedule (开放, last entry …)."""
    zh, en = FIELD_WORDS.get(field, (field, field))
    return en if lang == "en" else zh


def describe(item: Mapping[str, Any], lang: str) -> str:
    """One change item of ``catalog.hours.changes`` as a line."""
    word = hours_word(item["field"], lang)
    where = season_label(item["season"], lang) + " " if item["season"] else ""
    return (f"{where}{word} {_value(item['field'], item['before'], lang)} → "
            f"{_value(item['field'], item['after'], lang)}")


def describe_hours_change(before: Any, after: Any, lang: str) -> list[str]:
    """Every readable line for one hours change (empty when nothing differs)."""
    return [describe(i, lang) for i in hours_mod.changes(before, after)]


def editor_rows(hours: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """Season rows for ``st.data_editor`` (closed weekdays as ``Mon``…``Sun``)."""
    return [{**r, "closed": [hours_mod.WEEKDAYS_EN[d] for d in r["closed"]]}
            for r in hours_mod.rows_of(hours)]


def hours_from_editor(rows: Any, always_open: bool) -> dict[str, Any]:
    """The edited table back as an hours dict (a DataFrame or a list of dicts)."""
    if hasattr(rows, "to_dict"):
        rows = rows.to_dict("records")
    records: Sequence[Mapping[str, Any]] = rows or []
    return hours_mod.from_rows(records, always_open=always_open)


def same_schedule(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    """True when two hours dicts have the same seasons and always-open flag."""
    a, b = a or {}, b or {}
    return (a.get("seasons", []), bool(a.get("always_open"))) == (
        b.get("seasons", []), bool(b.get("always_open")))
