"""Officers change sites: create, edit, retire, revert — each a checked, versioned, logged write.

Every function takes the acting user and a write connection (``catalog.store.connect``), and
does its work in one ``BEGIN IMMEDIATE`` transaction: permission check against the ``users``
table, version check, write, change-log row. A stale ``expected_version`` raises
:class:`EditConflict` carrying who changed the site, when, and its current values; nothing is
overwritten silently.

A site's *state* is the dict of :data:`~catalog.validation.EDITABLE_FIELDS` plus ``retired``;
the change log stores, per change, ``{field: [before, after]}`` for the fields that changed, so
any earlier state can be rebuilt by undoing later changes (:func:`catalog.history.state_at`).
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Mapping
from contextlib import nullcontext
from dataclasses import dataclass
from typing import Any

from catalog.defaults import defaults_for
from catalog.masking import needs_mask, public_point
from catalog.permissions import Actor, Permission, require
from catalog.problems import Message, Translatable
from catalog.store import record_change, utc_now, write_transaction
from catalog.validation import (
    COORD_DECIMALS,
    EDITABLE_FIELDS,
    IS_REQUIRED,
    REQUIRED,
    ValidationFailed,
    check_point,
    clean_fields,
    county_shapes,
)

STATE_FIELDS: tuple[str, ...] = (*EDITABLE_FIELDS, "retired")
_DESIGNATION_SQL = "kind, level, batch, year, ref_no, official_name, source, ended, end_reason"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{2,79}$")


class EditError(Translatable):
    """An edit that cannot be applied (unknown site, bad id, …); the message is safe to show."""


class EditConflict(EditError):
    """The site changed since the editor loaded it."""

    def __init__(self, site_id: str, by: str, at: str, version: int, current: dict) -> None:
        super().__init__(
            f"{site_id} was changed by {by or 'unknown'} at {at or 'an unknown time'} "
            f"(now version {version}); your changes were not saved — review the current values "
            "and apply them again",
            "conflict", site=site_id, by=by or "?", at=at or "?", version=version,
        )
        self.site_id, self.changed_by, self.changed_at = site_id, by, at
        self.version, self.current = version, current


@dataclass(frozen=True)
class SaveResult:
    """What a successful write did."""

    site_id: str
    version: int
    change_id: int | None  # None when nothing changed
    diff: dict


def counties(conn: sqlite3.Connection) -> set[str]:
    """Adcodes of the catalogue's counties."""
    return {r[0] for r in conn.execute("SELECT adcode FROM counties")}


def site_state(conn: sqlite3.Connection, site_id: str) -> dict[str, Any] | None:
    """The editable state of a site plus ``version``/``updated_at``/``updated_by``; None if unknown."""
    found = conn.execute("SELECT * FROM sites WHERE id = ?", [site_id]).fetchone()
    if found is None:
        return None
    row = dict(found)
    state: dict[str, Any] = {f: row[f] for f in STATE_FIELDS if f in row}
    state["themes"] = json.loads(row["themes"] or "[]")
    state["hours"] = json.loads(row["hours_json"]) if row["hours_json"] else None
    state["retired"] = bool(row["retired"])
    designations = conn.execute(
        f"SELECT {_DESIGNATION_SQL} FROM designations WHERE site_id = ?", [site_id]
    ).fetchall()
    state["designations"] = sorted(
        (dict(d) | {"source": d["source"] or ""} for d in designations),
        key=lambda d: (d["kind"], d["level"], d["batch"] or "", d["source"]),
    )
    state.update(version=row["version"], updated_at=row["updated_at"], updated_by=row["updated_by"])
    return state


def diff_states(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list]:
    """``{field: [before, after]}`` for every state field whose value differs (None-safe)."""
    return {f: [before.get(f), after.get(f)] for f in STATE_FIELDS if before.get(f) != after.get(f)}


def _validate(conn: sqlite3.Connection, raw: Mapping[str, Any]) -> tuple[dict, dict]:
    return clean_fields(raw, counties(conn))


def _check_full(
    conn: sqlite3.Connection,
    state: Mapping[str, Any],
    changed: set[str],
    field_errors: Mapping[str, str],
) -> None:
    """Raise ValidationFailed with every problem at once: field errors, required, the point."""
    errors = dict(field_errors)
    errors.update(
        {f: IS_REQUIRED for f in REQUIRED if state.get(f) in (None, "") and f not in errors}
    )
    point_fields = {"lat", "lon", "county_adcode"}
    if changed & point_fields and not errors.keys() & point_fields:
        message = check_point(state, county_shapes(conn))
        if message:
            errors["lat"] = errors["lon"] = message
    if errors:
        raise ValidationFailed(errors)


def _write(
    conn: sqlite3.Connection, site_id: str, state: Mapping[str, Any], version: int, by: str, at: str
) -> None:
    """Write a full state: the row with its derived columns, themes and designations."""
    from catalog.romanize import romanized  # jieba loads its dictionary: writes only
    from catalog.searchtext import pinyin_of, search_text  # pypinyin loads slowly; writes only

    pinyin, initials = pinyin_of(state["name_zh"])
    county_name = conn.execute(
        "SELECT name_zh FROM counties WHERE adcode = ?", [state["county_adcode"]]
    ).fetchone()[0]
    names = [d["official_name"] for d in state["designations"] if d.get("official_name")]
    search = search_text(
        {**state, "pinyin": pinyin, "pinyin_initials": initials}, county_name, names
    )
    hours = state["hours"]
    public_lat = public_lon = None
    public = state.get("public_precision")
    if public and needs_mask(state["coord_precision"], public):
        centroid = county_shapes(conn)[state["county_adcode"]].centroid_wgs84()
        public_lat, public_lon = public_point(state["lat"], state["lon"], public, centroid)
    cur = conn.execute(
        "UPDATE sites SET name_zh = ?, name_en = ?, pinyin = ?, pinyin_initials = ?, "
        "county_adcode = ?, township = ?, village = ?, address = ?, lat = ?, lon = ?, "
        "coord_precision = ?, coord_source = ?, kind = ?, themes = ?, visit_minutes = ?, "
        "visit_minutes_estimated = ?, hours_json = ?, hours_estimated = ?, ticket_cny = ?, "
        "ticket_estimated = ?, recommendation = ?, recommendation_note = ?, note = ?, "
        "search_text = ?, retired = ?, public_precision = ?, public_lat = ?, public_lon = ?, "
        "romanized = ?, version = ?, "
        "updated_at = ?, updated_by = ? WHERE id = ? AND version = ?",
        [
            state["name_zh"],
            state["name_en"],
            pinyin,
            initials,
            state["county_adcode"],
            state["township"],
            state["village"],
            state["address"],
            state["lat"],
            state["lon"],
            state["coord_precision"],
            state["coord_source"],
            state["kind"],
            json.dumps(state["themes"], ensure_ascii=False),
            state["visit_minutes"],
            int(state["visit_minutes_estimated"]),
            json.dumps(hours, ensure_ascii=False),
            int(bool(hours.get("estimated"))),
            state["ticket_cny"],
            int(state["ticket_estimated"]),
            1.0 if state.get("recommendation") is None else state["recommendation"],
            state.get("recommendation_note"),
            state["note"],
            search,
            int(state["retired"]),
            public,
            public_lat,
            public_lon,
            romanized(state["name_zh"]),
            version,
            at,
            by,
            site_id,
            version - 1,
        ],
    )
    if cur.rowcount != 1:  # cannot happen under BEGIN IMMEDIATE after the version check
        raise EditError(f"{site_id}: version moved during the write", "version_moved", id=site_id)
    conn.execute("DELETE FROM site_themes WHERE site_id = ?", [site_id])
    conn.executemany(
        "INSERT INTO site_themes (site_id, theme) VALUES (?, ?)",
        [(site_id, t) for t in sorted(state["themes"])],
    )
    old = conn.execute(
        f"SELECT {_DESIGNATION_SQL} FROM designations WHERE site_id = ?", [site_id]
    ).fetchall()
    old_set = sorted(json.dumps(dict(d) | {"source": d["source"] or ""}) for d in old)
    if old_set != sorted(json.dumps(d) for d in state["designations"]):
        conn.execute("DELETE FROM designations WHERE site_id = ?", [site_id])
        conn.executemany(
            "INSERT INTO designations (site_id, kind, level, batch, year, ref_no, official_name, "
            "source, ended, end_reason, version, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            [
                (site_id, d["kind"], d["level"], d["batch"], d["year"], d["ref_no"])
                + (d["official_name"], d["source"], d.get("ended"), d.get("end_reason"), at, by)
                for d in state["designations"]
            ],
        )


def _locked_state(
    conn: sqlite3.Connection, site_id: str, expected_version: int | None
) -> dict[str, Any]:
    state = site_state(conn, site_id)
    if state is None:
        raise EditError(f"unknown site id {site_id!r}", "unknown_record", entity="site",
                        id=site_id)
    if expected_version is not None and state["version"] != expected_version:
        current = {f: state[f] for f in STATE_FIELDS}
        raise EditConflict(
            site_id, state["updated_by"], state["updated_at"], state["version"], current
        )
    return state


def apply_state(
    conn: sqlite3.Connection,
    who: Actor,
    site_id: str,
    before: dict[str, Any],
    after: dict[str, Any],
    *,
    action: str,
    at: str,
    reverts_to: int | None = None,
    batch: str | None = None,
    note: str | None = None,
) -> SaveResult:
    """Write ``after`` over ``before`` and log the diff (caller holds the transaction)."""
    diff = diff_states(before, after)
    if not diff:
        return SaveResult(site_id, before["version"], None, {})
    version = before["version"] + 1
    _write(conn, site_id, after, version, who.name, at)
    change = record_change(
        conn,
        actor=who.name,
        action=action,
        entity="site",
        entity_id=site_id,
        version=version,
        diff=diff,
        at=at,
        reverts_to=reverts_to,
        batch=batch,
        note=note,
    )
    return SaveResult(site_id, version, change, diff)


def update_site(
    conn: sqlite3.Connection,
    actor: Actor,
    site_id: str,
    expected_version: int | None,
    changes: Mapping[str, Any],
    *,
    note: str | None = None,
    batch: str | None = None,
    in_transaction: bool = False,
) -> SaveResult:
    """Change some fields of a site that the editor saw at ``expected_version``.

    ``in_transaction=True`` is for the importer, which holds one transaction for a whole file
    (and passes ``expected_version=None``: the file does not know versions).
    """
    clean, field_errors = _validate(conn, changes)
    at = utc_now()
    with nullcontext() if in_transaction else write_transaction(conn):
        who = require(conn, actor, Permission.SITE_EDIT)
        before = _locked_state(conn, site_id, expected_version)
        for f in ("lat", "lon"):  # a point shown (and exported) rounded is not a move
            if f in clean and before[f] is not None and clean[f] == round(before[f], COORD_DECIMALS):
                clean[f] = before[f]
        after = {**{f: before[f] for f in STATE_FIELDS}, **clean}
        changed = {f for f in clean if clean[f] != before.get(f)}
        _check_full(conn, after, changed, field_errors)
        action = "import" if batch else "update"
        return apply_state(
            conn, who, site_id, before, after, action=action, at=at, batch=batch, note=note
        )


def set_retired(
    conn: sqlite3.Connection,
    actor: Actor,
    site_id: str,
    expected_version: int,
    retired: bool = True,
    *,
    note: str | None = None,
) -> SaveResult:
    """Retire a site (soft delete: hidden from public pages and plans, kept with its history)."""
    at = utc_now()
    with write_transaction(conn):
        who = require(conn, actor, Permission.SITE_RETIRE)
        before = _locked_state(conn, site_id, expected_version)
        after = {**{f: before[f] for f in STATE_FIELDS}, "retired": bool(retired)}
        action = "retire" if retired else "unretire"
        return apply_state(conn, who, site_id, before, after, action=action, at=at, note=note)


def new_site_id(conn: sqlite3.Connection, name_zh: str, county_adcode: str) -> str:
    """A free slug such as ``pingyao-shuanglinsi`` from the county and the name's pinyin."""
    from catalog.searchtext import pinyin_of

    county_en = conn.execute(
        "SELECT name_en FROM counties WHERE adcode = ?", [county_adcode]
    ).fetchone()
    prefix = (county_en[0] if county_en else county_adcode).split(" ")[0].lower()
    core = re.sub(r"[^a-z0-9]", "", pinyin_of(name_zh)[0]) or "site"
    base = re.sub(r"[^a-z0-9-]", "", f"{prefix}-{core}")[:70]
    candidate, n = base, 1
    while conn.execute("SELECT 1 FROM sites WHERE id = ?", [candidate]).fetchone():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def create_site(
    conn: sqlite3.Connection,
    actor: Actor,
    fields: Mapping[str, Any],
    *,
    site_id: str | None = None,
    batch: str | None = None,
    in_transaction: bool = False,
) -> SaveResult:
    """Add a site. Missing visit time and hours take the documented default of its kind."""
    clean, field_errors = _validate(conn, fields)
    at = utc_now()
    base = defaults_for(clean["kind"] if clean.get("kind") else "temple")
    state: dict[str, Any] = {f: None for f in STATE_FIELDS}
    state.update(
        themes=[],
        designations=[],
        visit_minutes=base.visit_minutes,
        visit_minutes_estimated=1,
        hours=base.hours.to_dict(),
        ticket_estimated=1,
        retired=False,
    )
    if "visit_minutes" in clean:
        state["visit_minutes_estimated"] = 0
    if "ticket_cny" in clean and clean["ticket_cny"] is not None:
        state["ticket_estimated"] = 0
    state.update(clean)
    with nullcontext() if in_transaction else write_transaction(conn):
        who = require(conn, actor, Permission.SITE_CREATE)
        state["coord_source"] = state["coord_source"] or f"set by {who.name}"
        _check_full(conn, state, {"lat", "lon", "county_adcode"}, field_errors)
        if site_id is not None and (not isinstance(site_id, str) or not ID_PATTERN.match(site_id)):
            raise ValidationFailed(
                {"id": Message("must be 3–80 lower-case letters, digits or '-'", "bad_id")})
        site_id = site_id or new_site_id(conn, state["name_zh"], state["county_adcode"])
        if conn.execute("SELECT 1 FROM sites WHERE id = ?", [site_id]).fetchone():
            raise ValidationFailed({"id": Message(f"{site_id} already exists", "id_exists",
                                                  {"id": site_id})})
        conn.execute(
            "INSERT INTO sites (id, name_zh, county_adcode, lat, lon, coord_precision, kind, "
            "sources, retired, version, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)",
            [
                site_id,
                state["name_zh"],
                state["county_adcode"],
                state["lat"],
                state["lon"],
                state["coord_precision"],
                state["kind"],
                json.dumps([f"officer:{who.name}"]),
                at,
                who.name,
            ],
        )
        empty = {f: None for f in STATE_FIELDS} | {"version": 0}
        return apply_state(
            conn,
            who,
            site_id,
            empty,
            state,
            action="import" if batch else "create",
            at=at,
            batch=batch,
        )
