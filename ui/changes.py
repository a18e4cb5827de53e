"""The change-log table of the history pages: one row per changed field, in the user's language.

Shared by a site's history (``pages/history.py``) and the 非遗/greenway records page
(``pages/officer_records.py``), so a value reads the same on both: text as it is, anything else
(numbers, lists, a greenway's stops) as JSON, and opening hours one row per readable change.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import streamlit as st

from catalog.history import Change
from catalog.hours import changes as hours_changes
from ui.edit_text import TEXT, tx
from ui.hourstext import hours_word, season_label
from ui.i18n import t

COLUMNS = (("v", "version"), ("at", "at"), ("by", "by"), ("action", "action"),
           ("field", "field"), ("before", "before"), ("after", "after"))


def cell(value: object) -> str:
    """A logged value as shown in the table: text unquoted, other values as JSON."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def change_rows(diff: dict, lang: str) -> list[dict[str, str]]:
    """One table row per changed field; opening hours one row per readable change."""
    rows = []
    for field, (before, after) in diff.items():
        if field == "hours":
            label = t("hours", lang)
            for item in hours_changes(before, after):
                where = season_label(item["season"], lang) + " " if item["season"] else ""
                rows.append({"field": f"{label} · {where}{hours_word(item['field'], lang)}",
                             "before": cell(item["before"]), "after": cell(item["after"])})
        else:
            rows.append({"field": field, "before": cell(before), "after": cell(after)})
    return rows


def action_label(change: Change, lang: str) -> str:
    """What the change did, in ``lang`` (a revert names the version it went back to)."""
    key = f"action_{change.action}"
    name = tx(key, lang) if key in TEXT else change.action
    return name + (f" → v{change.reverts_to}" if change.reverts_to else "")


def history_rows(changes: Iterable[Change], lang: str) -> list[dict[str, Any]]:
    """The table rows of ``changes``, newest first, one per changed field."""
    return [
        {"v": c.version, "at": c.at, "by": c.actor, "action": action_label(c, lang), **row}
        for c in reversed(list(changes)) for row in change_rows(c.diff, lang)
    ]


def history_columns(lang: str) -> dict[str, Any]:
    """``column_config`` for :func:`history_rows`: the column headings in ``lang``."""
    return {col: st.column_config.Column(tx(f"col_{name}", lang)) for col, name in COLUMNS}
