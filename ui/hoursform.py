"""The opening-hours form shared by the edit page and the verification queue."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from catalog import hours as hours_mod
from ui.edit_text import tx
from ui.hourstext import hours_from_editor, same_schedule
from ui.i18n import weekday_names


def hours_columns(lang: str) -> dict[str, Any]:
    """``st.data_editor`` columns of the seasons table (season dates, times, closed weekdays)."""
    names = dict(zip(hours_mod.WEEKDAYS_EN, weekday_names(lang), strict=True))
    return {
        "start": st.column_config.TextColumn(tx("h_start", lang), help="MM-DD",
                                             validate=r"^\d\d-\d\d$"),
        "end": st.column_config.TextColumn(tx("h_end", lang), help="MM-DD",
                                           validate=r"^\d\d-\d\d$"),
        "open": st.column_config.TextColumn(tx("h_open", lang), help="HH:MM"),
        "close": st.column_config.TextColumn(tx("h_close", lang), help="HH:MM"),
        "last_entry": st.column_config.TextColumn(tx("h_last", lang), help="HH:MM"),
        "closed": st.column_config.MultiselectColumn(
            tx("h_closed", lang), options=list(hours_mod.WEEKDAYS_EN),
            format_func=lambda d: names.get(d, d)),
    }


def hours_value(current: Mapping[str, Any] | None, table: Any, always: bool, source: str,
                verified: bool) -> dict[str, Any] | None:
    """The hours to save, or None to leave them as they are.

    A schedule that differs from the current one is the officer's real hours: saved as not
    estimated, with the source they give (required). An unchanged schedule ticked "verified"
    is confirmed the same way; ticking it off marks the hours estimated again.
    """
    typed = hours_from_editor(table, always)
    current = current or {}
    changed = not same_schedule(typed, current)
    if changed or (verified and current.get("estimated", True)):
        return hours_mod.confirmed(typed, source)
    if not verified and not current.get("estimated", True):
        return {**current, "estimated": True}
    if verified and source.strip() and source.strip() != current.get("source"):
        return hours_mod.confirmed(typed, source)
    return None
