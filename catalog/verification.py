"""The verification queue (核查清单): every estimated, unknown or coarse fact, most important first.

A fact is one of :data:`FACTS`: opening hours that are the kind's default, a default visit
length, an unknown ticket price, a point known only at township or county precision, a missing
English name, a designation whose level is unknown (e.g. a town the plan names as 历史文化名镇
without saying which level). Importance adds up what depends on the site: a greenway stop (the
plan's routes), an A级景区 (where visitors go), a site in a saved itinerary, a national or world
designation.

Fixes go through :func:`catalog.editing.update_site` — the same validation, permission check,
version check and history as the edit form; the officer's source for a fix is kept (hours keep it
in their ``source``; the other facts in the change's note).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from catalog import hours as hours_mod
from catalog.editing import EditError, SaveResult, update_site
from catalog.permissions import Actor, PermissionDenied
from catalog.problems import Message, Problem, message
from catalog.validation import ValidationFailed

#: Kinds of fact the queue lists, in the order the page shows them.
FACTS: tuple[str, ...] = ("hours", "visit_minutes", "ticket", "coordinates", "name_en",
                          "designation_level")
#: Facts the queue fixes in place (a designation level is fixed in the edit form).
FIXABLE: tuple[str, ...] = ("hours", "visit_minutes", "ticket", "coordinates", "name_en")
WEIGHTS = {"greenway": 8, "a_level": 4, "itinerary": 2, "national": 1}


@dataclass(frozen=True)
class QueueItem:
    """One fact of one site that is not yet known for sure."""

    site_id: str
    name_zh: str
    county_zh: str
    county_adcode: str
    version: int
    fact: str
    current: str  # the value as it stands (hours as one line, "township", "")
    importance: int
    reasons: tuple[str, ...]  # keys of WEIGHTS that apply


@dataclass(frozen=True)
class Fix:
    """An officer's value for one queued fact, with where it comes from."""

    site_id: str
    version: int
    fact: str
    value: str
    source: str = ""


@dataclass(frozen=True)
class FixOutcome:
    """What became of one fix: saved (with the new version) or refused with a reason."""

    fix: Fix
    result: SaveResult | None
    problem: Message | None


def _reasons(conn: sqlite3.Connection) -> dict[str, set[str]]:
    reasons: dict[str, set[str]] = {}
    for (site_id,) in conn.execute("SELECT DISTINCT site_id FROM site_greenways"):
        reasons.setdefault(site_id, set()).add("greenway")
    for (site_id,) in conn.execute("SELECT DISTINCT site_id FROM designations WHERE kind = 'A级景区'"):
        reasons.setdefault(site_id, set()).add("a_level")
    for (site_id,) in conn.execute(
        "SELECT DISTINCT site_id FROM designations WHERE level IN ('national', 'world')"
    ):
        reasons.setdefault(site_id, set()).add("national")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "itineraries" in tables:
        for (versions,) in conn.execute("SELECT site_versions FROM itineraries"):
            for site_id in json.loads(versions or "{}"):
                reasons.setdefault(site_id, set()).add("itinerary")
    return reasons


def queue(conn: sqlite3.Connection, facts: Sequence[str] = FACTS) -> list[QueueItem]:
    """Every open fact of the live sites, most important first (then by pinyin)."""
    reasons = _reasons(conn)
    unknown_level = {
        r[0]: r[1] for r in conn.execute(
            "SELECT site_id, group_concat(kind, '、') FROM designations WHERE level = 'unknown' "
            "GROUP BY site_id")
    }
    items = []
    for r in conn.execute(
        "SELECT s.id, s.name_zh, c.name_zh county, s.county_adcode, s.version, s.hours_json, "
        "s.hours_estimated, s.visit_minutes, s.visit_minutes_estimated, s.ticket_cny, "
        "s.coord_precision, s.name_en "
        "FROM sites s JOIN counties c ON c.adcode = s.county_adcode WHERE s.retired = 0 "
        "ORDER BY s.pinyin, s.id"
    ):
        why = tuple(sorted(reasons.get(r["id"], ()), key=list(WEIGHTS).index))
        score = sum(WEIGHTS[w] for w in why)
        open_facts = {
            "hours": (bool(r["hours_estimated"]),
                      lambda r=r: hours_mod.format_line(json.loads(r["hours_json"]))),
            "visit_minutes": (bool(r["visit_minutes_estimated"]), lambda r=r: str(r["visit_minutes"])),
            "ticket": (r["ticket_cny"] is None, lambda: ""),
            "coordinates": (r["coord_precision"] in ("township", "county"),
                            lambda r=r: r["coord_precision"]),
            "name_en": (not r["name_en"], lambda: ""),
            "designation_level": (r["id"] in unknown_level,
                                  lambda r=r: unknown_level.get(r["id"], "")),
        }
        for fact in facts:
            is_open, current = open_facts[fact]
            if is_open:
                items.append(QueueItem(r["id"], r["name_zh"], r["county"], r["county_adcode"],
                                       r["version"], fact, current(), score, why))
    items.sort(key=lambda i: -i.importance)  # stable: pinyin order within one importance
    return items


def progress(conn: sqlite3.Connection,
             items: Sequence[QueueItem] | None = None) -> dict[str, dict[str, int]]:
    """Per fact: how many live sites have it settled (``done``) out of ``total``; ``items`` is
    the queue when the caller has already read it."""
    total = conn.execute("SELECT count(*) FROM sites WHERE retired = 0").fetchone()[0]
    open_counts = {fact: 0 for fact in FACTS}
    for item in queue(conn) if items is None else items:
        open_counts[item.fact] += 1
    return {fact: {"done": total - n, "total": total} for fact, n in open_counts.items()
            if fact != "designation_level"}


def changes_for(fix: Fix) -> dict[str, Any]:
    """The site fields a fix sets (Problem when the value cannot be read)."""
    value = fix.value.strip()
    if fix.fact == "hours":
        return {"hours": hours_mod.confirmed(hours_mod.parse_line(value), fix.source)}
    if fix.fact == "visit_minutes":
        return {"visit_minutes": value, "visit_minutes_estimated": 0}
    if fix.fact == "ticket":
        return {"ticket_cny": value, "ticket_estimated": 0}
    if fix.fact == "name_en":
        return {"name_en": value}
    if fix.fact == "coordinates":
        parts = [p.strip() for p in value.replace("，", ",").split(",")]
        if len(parts) != 2:
            raise Problem("queue_point", "write the point as 'lat, lon' (WGS-84)")
        if not fix.source.strip():
            raise Problem("queue_source_required", "say where this point comes from")
        return {"lat": parts[0], "lon": parts[1], "coord_precision": "site",
                "coord_source": fix.source.strip()}
    raise Problem("queue_fact", f"{fix.fact} is not fixed in the queue", fact=fix.fact)


def apply_fixes(conn: sqlite3.Connection, actor: Actor, fixes: Sequence[Fix]) -> list[FixOutcome]:
    """Save each fix on its own (one bad row does not hold back the others).

    Each fix is a checked, versioned, logged ``update_site``: a site changed since the queue
    was loaded is refused with a conflict, as in the edit form. Two fixes of one site in the
    same batch apply in turn (the second expects the first's version).
    """
    versions: dict[str, int] = {}
    outcomes = []
    for fix in fixes:
        if not fix.value.strip():
            continue
        try:
            fields = changes_for(fix)
            expected = versions.get(fix.site_id, fix.version)
            note = f"verified: {fix.source.strip()}" if fix.source.strip() else "verified"
            result = update_site(conn, actor, fix.site_id, expected, fields, note=note)
            versions[fix.site_id] = result.version
            outcomes.append(FixOutcome(fix, result, None))
        except ValidationFailed as exc:
            detail = "; ".join(f"{k}: {v}" for k, v in exc.errors.items())
            first = next(iter(exc.errors.values()))
            outcomes.append(FixOutcome(fix, None, Message(detail, getattr(first, "code", None),
                                                          getattr(first, "params", None))))
        except (ValueError, EditError, PermissionDenied) as exc:
            outcomes.append(FixOutcome(fix, None, message(exc)))
    return outcomes

