"""SQL fragments for catalogue queries: validated filters in, ``(clause, params)`` out.

Every value reaches SQLite as a bound parameter; user text never becomes SQL or FTS syntax.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def placeholders(values: Sequence[object]) -> str:
    return ",".join("?" for _ in values)


def order_by(text: str | None) -> tuple[str, list]:
    """ORDER BY for listings: exact and containing name matches first when searching text."""
    if not text:
        return "ORDER BY retired, level_rank, pinyin, id", []
    boost = (
        "ORDER BY (name_zh = ?) DESC, "
        "(instr(lower(name_zh || ' ' || coalesce(name_en, '')), ?) > 0) DESC, "
    )
    return boost + "retired, level_rank, pinyin, id", [text.strip(), text.strip().lower()]


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def text_clause(text: str) -> tuple[str, list]:
    """Every whitespace-separated term must occur as a substring of the site's search text.

    Terms of 3+ characters, and one or two Chinese characters (寺, 王家: see the gram list in
    ``catalog.searchtext.search_text``), use the trigram index; other one- or two-character terms
    (rare: "qi") fall back to a LIKE scan (``python -m catalog.bench`` measures both).
    """
    if not isinstance(text, str):
        raise ValueError("search text must be a string")
    terms = text.strip().lower().split()
    if not terms:
        raise ValueError("search text is empty")
    if len(text) > 200:
        raise ValueError("search text is longer than 200 characters")
    clauses, params = [], []
    for term in terms:
        if all("\u3400" <= ch <= "\u9fff" for ch in term) and len(term) <= 2:
            # matches the gram list at the end of search_text (catalog.searchtext)
            term = f"{term} " if len(term) == 2 else f" {term} "
        if len(term) >= 3:
            clauses.append("rowid IN (SELECT rowid FROM sites_fts WHERE sites_fts MATCH ?)")
            params.append('"' + term.replace('"', '""') + '"')
        else:
            clauses.append("search_text LIKE ? ESCAPE '\\'")
            params.append(f"%{escape_like(term)}%")
    return "(" + " AND ".join(clauses) + ")", params


def check_values(values: Sequence[str], known: Sequence[str], what: str) -> None:
    if isinstance(values, str):
        raise ValueError(f"{what} filter must be a list, not a string")
    for value in values:
        if value not in known:
            raise ValueError(f"unknown {what} {value!r}; known: {', '.join(known)}")


def check_near(near: tuple[float, float, float]) -> tuple[float, float, float]:
    try:
        lat, lon, km = (float(v) for v in near)
    except (TypeError, ValueError):
        raise ValueError("near must be (lat, lon, km) numbers") from None
    if not all(math.isfinite(v) for v in (lat, lon, km)):
        raise ValueError("near must be finite numbers")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"near: {lat},{lon} is not a latitude,longitude")
    if not 0 < km <= 500:
        raise ValueError("near: radius must be between 0 and 500 km")
    return lat, lon, km
