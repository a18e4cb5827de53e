"""Officers edit 非遗 items and greenways: checked, versioned, logged writes with history and revert.

The same discipline as sites (``catalog.editing``): one ``BEGIN IMMEDIATE`` transaction with the
permission check, the version check, the write and a change-log row ``{field: [before, after]}``
(entity ``intangible`` or ``greenway``); any earlier version can be rebuilt by undoing later
changes and reverted to, the revert being a new change.

A greenway's state is its names and its ``stops``: a list in the plan's order of
``{"name_in_plan", "site_ids", "source"}`` (the order is the position in the list).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from catalog.editing import ID_PATTERN, EditConflict, EditError
from catalog.history import Change, entity_history, undo_changes
from catalog.models import LEVELS
from catalog.permissions import Actor, Permission, require
from catalog.problems import Message, Problem
from catalog.store import record_change, utc_now, write_transaction
from catalog.validation import IS_REQUIRED, ValidationFailed, clean_text

INTANGIBLE_FIELDS = ("name_zh", "category", "level", "batch", "year", "ref_no", "county_adcode",
                     "site_id", "source")
GREENWAY_FIELDS = ("name_zh", "name_en", "stops")
MAX_STOPS = 60


@dataclass(frozen=True)
class Saved:
    """What a successful write did (``change_id`` None when nothing changed)."""

    entity_id: str
    version: int
    change_id: int | None
    diff: dict


# --- 非遗 items ------------------------------------------------------------------------------


def intangible_names(conn: sqlite3.Connection) -> dict[str, str]:
    """``{id: name_zh}`` of every 非遗 item, by id (the officers' choice of item to edit)."""
    return {r[0]: r[1] for r in conn.execute("SELECT id, name_zh FROM intangible ORDER BY id")}


def intangible_state(conn: sqlite3.Connection, item_id: str) -> dict[str, Any] | None:
    """An item's editable fields plus ``version``/``updated_at``/``updated_by``; None if unknown."""
    row = conn.execute("SELECT * FROM intangible WHERE id = ?", [item_id]).fetchone()
    if row is None:
        return None
    return {**{f: row[f] for f in INTANGIBLE_FIELDS}, "version": row["version"] or 1,
            "updated_at": row["updated_at"], "updated_by": row["updated_by"]}


def clean_intangible(conn: sqlite3.Connection, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validated item fields (ValidationFailed with every problem at once)."""
    errors: dict[str, Message] = {}
    clean: dict[str, Any] = {}
    limits = {"name_zh": 60, "category": 20, "batch": 40, "ref_no": 40, "source": 300}
    for field in INTANGIBLE_FIELDS:
        value = raw.get(field)
        try:
            if field in limits:
                clean[field] = clean_text(value, limits[field])
            elif field == "level":
                if value not in LEVELS or value == "world":
                    raise Problem("intangible_level", "must be national, provincial, city, "
                                  "county or unknown")
                clean[field] = value
            elif field == "year":
                if isinstance(value, int) and not isinstance(value, bool):
                    value = str(value)  # the stored year, sent back unchanged
                text = clean_text(value, 4)
                if text is not None and (not text.isdigit() or not 1900 <= int(text) <= 2100):
                    raise Problem("designation_year", f"year {text} is not plausible", i=1,
                                  year=text)
                clean[field] = int(text) if text else None
            elif field == "county_adcode":
                code = clean_text(value, 6)
                if code is not None and not conn.execute(
                        "SELECT 1 FROM counties WHERE adcode = ?", [code]).fetchone():
                    raise Problem("unknown_county",
                                  "is not one of Jinzhong's 11 county-level units")
                clean[field] = code
            elif field == "site_id":
                site = clean_text(value, 80)
                if site is not None and not conn.execute(
                        "SELECT 1 FROM sites WHERE id = ?", [site]).fetchone():
                    raise Problem("unknown_site", f"unknown site id {site!r}", id=site)
                clean[field] = site
        except ValueError as exc:
            errors[field] = Message(str(exc), getattr(exc, "code", None),
                                    getattr(exc, "params", None))
    for field in ("name_zh", "level", "source"):  # a fact without a source is not one
        if field not in errors and not clean.get(field):
            errors[field] = IS_REQUIRED
    if errors:
        raise ValidationFailed(errors)
    return clean


def _write_intangible(conn: sqlite3.Connection, item_id: str, state: Mapping[str, Any],
                      version: int, by: str, at: str) -> None:
    from catalog.searchtext import pinyin_of  # pypinyin loads slowly; writes only

    conn.execute(
        "UPDATE intangible SET name_zh = ?, pinyin = ?, category = ?, level = ?, batch = ?, "
        "year = ?, ref_no = ?, county_adcode = ?, site_id = ?, source = ?, version = ?, "
        "updated_at = ?, updated_by = ? WHERE id = ?",
        [state["name_zh"], pinyin_of(state["name_zh"])[0], state["category"], state["level"],
         state["batch"], state["year"], state["ref_no"], state["county_adcode"],
         state["site_id"], state["source"], version, at, by, item_id],
    )


def update_intangible(conn: sqlite3.Connection, actor: Actor, item_id: str,
                      expected_version: int | None, changes: Mapping[str, Any]) -> Saved:
    """Change some fields of a 非遗 item the editor saw at ``expected_version``."""
    return _update(conn, actor, _INTANGIBLE, item_id, expected_version, changes)


def create_intangible(conn: sqlite3.Connection, actor: Actor, item_id: str,
                      fields: Mapping[str, Any]) -> Saved:
    """Add a 非遗 item (its source is required, as for every fact)."""
    at = utc_now()
    with write_transaction(conn):
        who = require(conn, actor, Permission.SITE_CREATE)
        if not isinstance(item_id, str) or not ID_PATTERN.match(item_id):
            raise ValidationFailed({"id": Message(
                "must be 3–80 lower-case letters, digits or '-'", "bad_id")})
        if intangible_state(conn, item_id) is not None:
            raise ValidationFailed({"id": Message(f"{item_id} already exists", "id_exists",
                                                  {"id": item_id})})
        clean = clean_intangible(conn, fields)
        conn.execute("INSERT INTO intangible (id, name_zh, level, version) VALUES (?, ?, ?, 0)",
                     [item_id, clean["name_zh"], clean["level"]])
        _write_intangible(conn, item_id, clean, 1, who.name, at)
        diff = {f: [None, clean[f]] for f in INTANGIBLE_FIELDS if clean[f] is not None}
        change = record_change(conn, actor=who.name, action="create", entity="intangible",
                               entity_id=item_id, version=1, diff=diff, at=at)
        return Saved(item_id, 1, change, diff)


# --- greenways -----------------------------------------------------------------------------


def greenway_names(conn: sqlite3.Connection) -> dict[str, str]:
    """``{id: name_zh}`` of every greenway, by id (the officers' choice of greenway to edit)."""
    return {r[0]: r[1] for r in conn.execute("SELECT id, name_zh FROM greenways ORDER BY id")}


def greenway_state(conn: sqlite3.Connection, greenway_id: str) -> dict[str, Any] | None:
    """A greenway's names and stops (in order) plus ``version``; None if unknown."""
    row = conn.execute("SELECT * FROM greenways WHERE id = ?", [greenway_id]).fetchone()
    if row is None:
        return None
    stops = []
    for s in conn.execute("SELECT stop_order, name_in_plan, source FROM greenway_stops "
                          "WHERE greenway_id = ? ORDER BY stop_order", [greenway_id]):
        ids = [r[0] for r in conn.execute(
            "SELECT site_id FROM site_greenways WHERE greenway_id = ? AND stop_order = ? "
            "ORDER BY site_id", [greenway_id, s["stop_order"]])]
        stops.append({"name_in_plan": s["name_in_plan"], "site_ids": ids,
                      "source": s["source"] or ""})
    return {"name_zh": row["name_zh"], "name_en": row["name_en"], "stops": stops,
            "version": row["version"] or 1, "updated_at": row["updated_at"],
            "updated_by": row["updated_by"]}


def clean_greenway(conn: sqlite3.Connection, raw: Mapping[str, Any]) -> dict[str, Any]:
    """Validated greenway fields: names, and stops whose sites exist (each site once)."""
    errors: dict[str, Message] = {}
    clean: dict[str, Any] = {}
    for field, limit in (("name_zh", 60), ("name_en", 120)):
        try:
            clean[field] = clean_text(raw.get(field), limit)
        except ValueError as exc:
            errors[field] = Message(str(exc), getattr(exc, "code", None),
                                    getattr(exc, "params", None))
    if not clean.get("name_zh") and "name_zh" not in errors:
        errors["name_zh"] = IS_REQUIRED
    stops, seen = [], set()
    raw_stops = raw.get("stops") or []
    try:
        if not isinstance(raw_stops, list | tuple) or not 1 <= len(raw_stops) <= MAX_STOPS:
            raise Problem("greenway_stops", f"a greenway needs 1 to {MAX_STOPS} stops",
                          n=MAX_STOPS)
        for i, stop in enumerate(raw_stops, 1):
            name = clean_text(stop.get("name_in_plan"), 60)
            if not name:
                raise Problem("greenway_stop_name", f"stop {i} needs its name in the plan", i=i)
            ids = stop.get("site_ids") or []
            ids = [s.strip() for s in (ids.split(";") if isinstance(ids, str) else ids)
                   if s and s.strip()]
            for site_id in ids:
                if not conn.execute("SELECT 1 FROM sites WHERE id = ?", [site_id]).fetchone():
                    raise Problem("greenway_stop_site", f"stop {i}: unknown site id {site_id!r}",
                                  i=i, id=site_id)
                if site_id in seen:
                    raise Problem("greenway_stop_twice", f"stop {i}: {site_id} is already a "
                                  "stop of this greenway", i=i, id=site_id)
                seen.add(site_id)
            stops.append({"name_in_plan": name, "site_ids": sorted(ids),
                          "source": clean_text(stop.get("source"), 300) or ""})
    except ValueError as exc:
        errors["stops"] = Message(str(exc), getattr(exc, "code", None),
                                  getattr(exc, "params", None))
    clean["stops"] = stops
    if errors:
        raise ValidationFailed(errors)
    return clean


def stops_from_rows(rows: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A form's stop rows (``order``, ``name_in_plan``, ``site_ids`` as ``a;b``, ``source``) in
    their order; empty rows dropped, rows without an order last (a new row added at the end)."""
    def blank(v: Any) -> bool:
        return v is None or (isinstance(v, float) and v != v) or str(v).strip() == ""

    kept = [r for r in rows if not all(blank(r.get(k)) for k in ("name_in_plan", "site_ids"))]
    ordered = sorted(enumerate(kept), key=lambda p: (
        blank(p[1].get("order")), float(p[1]["order"]) if not blank(p[1].get("order")) else 0,
        p[0]))
    return [{"name_in_plan": "" if blank(r.get("name_in_plan")) else str(r["name_in_plan"]),
             "site_ids": "" if blank(r.get("site_ids")) else str(r["site_ids"]),
             "source": "" if blank(r.get("source")) else str(r["source"])} for _, r in ordered]


def _write_greenway(conn: sqlite3.Connection, greenway_id: str, state: Mapping[str, Any],
                    version: int, by: str, at: str) -> None:
    conn.execute("UPDATE greenways SET name_zh = ?, name_en = ?, version = ?, updated_at = ?, "
                 "updated_by = ? WHERE id = ?",
                 [state["name_zh"], state["name_en"], version, at, by, greenway_id])
    conn.execute("DELETE FROM site_greenways WHERE greenway_id = ?", [greenway_id])
    conn.execute("DELETE FROM greenway_stops WHERE greenway_id = ?", [greenway_id])
    for order, stop in enumerate(state["stops"], 1):
        conn.execute("INSERT INTO greenway_stops (greenway_id, stop_order, name_in_plan, source) "
                     "VALUES (?, ?, ?, ?)", [greenway_id, order, stop["name_in_plan"],
                                             stop["source"]])
        conn.executemany("INSERT INTO site_greenways (site_id, greenway_id, stop_order) "
                         "VALUES (?, ?, ?)", [(s, greenway_id, order) for s in stop["site_ids"]])


def update_greenway(conn: sqlite3.Connection, actor: Actor, greenway_id: str,
                    expected_version: int | None, changes: Mapping[str, Any]) -> Saved:
    """Change a greenway's names or stops (their sites and order)."""
    return _update(conn, actor, _GREENWAY, greenway_id, expected_version, changes)


# --- shared: update, history, revert ---------------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    entity: str
    fields: tuple[str, ...]
    state: Callable[[sqlite3.Connection, str], dict[str, Any] | None]
    clean: Callable[[sqlite3.Connection, Mapping[str, Any]], dict[str, Any]]
    write: Callable[..., None]


_INTANGIBLE = _Kind("intangible", INTANGIBLE_FIELDS, intangible_state, clean_intangible,
                    _write_intangible)
_GREENWAY = _Kind("greenway", GREENWAY_FIELDS, greenway_state, clean_greenway, _write_greenway)
KINDS = {"intangible": _INTANGIBLE, "greenway": _GREENWAY}


def _locked(conn: sqlite3.Connection, kind: _Kind, entity_id: str,
            expected_version: int | None) -> dict[str, Any]:
    state = kind.state(conn, entity_id)
    if state is None:
        raise EditError(f"unknown {kind.entity} id {entity_id!r}", "unknown_record",
                        entity=kind.entity, id=entity_id)
    if expected_version is not None and state["version"] != expected_version:
        raise EditConflict(entity_id, state["updated_by"], state["updated_at"], state["version"],
                           {f: state[f] for f in kind.fields})
    return state


def _apply(conn: sqlite3.Connection, kind: _Kind, who: Actor, entity_id: str,
           before: dict[str, Any], after: dict[str, Any], *, action: str, at: str,
           reverts_to: int | None = None) -> Saved:
    diff = {f: [before.get(f), after.get(f)] for f in kind.fields if before.get(f) != after.get(f)}
    if not diff:
        return Saved(entity_id, before["version"], None, {})
    version = before["version"] + 1
    kind.write(conn, entity_id, after, version, who.name, at)
    change = record_change(conn, actor=who.name, action=action, entity=kind.entity,
                           entity_id=entity_id, version=version, diff=diff, at=at,
                           reverts_to=reverts_to,
                           note=f"revert to version {reverts_to}" if reverts_to else None)
    return Saved(entity_id, version, change, diff)


def _update(conn: sqlite3.Connection, actor: Actor, kind: _Kind, entity_id: str,
            expected_version: int | None, changes: Mapping[str, Any],
            in_transaction: bool = False) -> Saved:
    at = utc_now()
    with nullcontext() if in_transaction else write_transaction(conn):
        who = require(conn, actor, Permission.SITE_EDIT)
        before = _locked(conn, kind, entity_id, expected_version)
        unknown = set(changes) - set(kind.fields)
        if unknown:
            raise ValidationFailed({f: Message("is not an editable field", "not_editable")
                                    for f in sorted(unknown)})
        after = kind.clean(conn, {**{f: before[f] for f in kind.fields}, **changes})
        return _apply(conn, kind, who, entity_id, before, after, action="update", at=at)


def history_of(conn: sqlite3.Connection, actor: Actor, entity: str,
               entity_id: str) -> list[Change]:
    """Every recorded change of a 非遗 item or greenway, oldest first.

    Needs ``HISTORY_READ`` (officers), checked here as for a site's history
    (``catalog.history.site_history``): the log names who changed what.
    """
    return entity_history(conn, actor, entity, entity_id)


def state_at(conn: sqlite3.Connection, entity: str, entity_id: str, version: int) -> dict:
    """The item's or greenway's fields as they were at ``version`` (EditError if unknown, or if
    the log misses a version after it): ``catalog.history.undo_changes``, as for a site."""
    kind = KINDS[entity]
    current = kind.state(conn, entity_id)
    if current is None:
        raise EditError(f"unknown {entity} id {entity_id!r}", "unknown_record", entity=entity,
                        id=entity_id)
    return undo_changes(conn, entity, entity_id, current, kind.fields, version)


def revert(conn: sqlite3.Connection, actor: Actor, entity: str, entity_id: str, to_version: int,
           expected_version: int) -> Saved:
    """Make a 非遗 item or greenway look as it did at ``to_version`` (a new, logged change)."""
    kind = KINDS[entity]
    at = utc_now()
    with write_transaction(conn):
        who = require(conn, actor, Permission.SITE_REVERT)
        before = _locked(conn, kind, entity_id, expected_version)
        target = state_at(conn, entity, entity_id, to_version)
        return _apply(conn, kind, who, entity_id, before, target, action="revert", at=at,
                      reverts_to=to_version)
