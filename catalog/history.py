"""A record's history: who changed what and when, earlier states, and revert.

The change log holds ``{field: [before, after]}`` per change. The state at version *v* is the
current state with every later change undone, newest first — so records built from the seed
(version 1, no log row) can be reverted to as well. Reverting writes a new change
(``action="revert"``, ``reverts_to=v``): history only grows.

Sites are reverted here; 非遗 items and greenways (``catalog.records``) read their log and
rebuild earlier states with the same :func:`entity_log` and :func:`undo_changes`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from catalog.editing import (
    STATE_FIELDS,
    EditError,
    SaveResult,
    _locked_state,
    apply_state,
    site_state,
)
from catalog.permissions import Actor, Permission, require
from catalog.store import utc_now, write_transaction


@dataclass(frozen=True)
class Change:
    """One recorded change (a row of ``changes``)."""

    id: int
    at: str
    actor: str
    action: str
    entity: str
    entity_id: str
    version: int | None
    diff: dict[str, list]
    reverts_to: int | None
    batch: str | None
    note: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, with the diff as a list of ``{field, before, after}``."""
        data = asdict(self)
        data["diff"] = [{"field": f, "before": b, "after": a} for f, (b, a) in self.diff.items()]
        return data


def _change(row: sqlite3.Row) -> Change:
    return Change(
        row["id"],
        row["at"],
        row["actor"],
        row["action"],
        row["entity"],
        row["entity_id"],
        row["version"],
        json.loads(row["diff"]),
        row["reverts_to"],
        row["batch"],
        row["note"],
    )


def entity_log(conn: sqlite3.Connection, entity: str, entity_id: str) -> list[Change]:
    """Every recorded change of one record (``site``, ``intangible``, ``greenway``), oldest
    first. No permission check: the callers below check ``HISTORY_READ`` or revert rights."""
    rows = conn.execute(
        "SELECT * FROM changes WHERE entity = ? AND entity_id = ? ORDER BY id", [entity, entity_id]
    )
    return [_change(r) for r in rows]


def entity_history(
    conn: sqlite3.Connection, actor: Actor, entity: str, entity_id: str
) -> list[Change]:
    """Every recorded change of one record, oldest first; needs ``HISTORY_READ`` (officers)."""
    require(conn, actor, Permission.HISTORY_READ)
    return entity_log(conn, entity, entity_id)


def site_history(conn: sqlite3.Connection, actor: Actor, site_id: str) -> list[Change]:
    """Every recorded change of a site, oldest first. KeyError if the site is unknown.

    Needs ``HISTORY_READ`` (officers): the log names who changed what, so it is checked here as
    writes are, not only by hiding the page (issue 13, finding 10).
    """
    require(conn, actor, Permission.HISTORY_READ)
    if site_state(conn, site_id) is None:
        raise KeyError(site_id)
    return entity_log(conn, "site", site_id)


def recent_changes(conn: sqlite3.Connection, actor: Actor, limit: int = 50) -> list[Change]:
    """The latest changes of any kind, newest first (the audit view; ``HISTORY_READ``)."""
    require(conn, actor, Permission.HISTORY_READ)
    rows = conn.execute("SELECT * FROM changes ORDER BY id DESC LIMIT ?", [int(limit)])
    return [_change(r) for r in rows]


def undo_changes(
    conn: sqlite3.Connection,
    entity: str,
    entity_id: str,
    current: Mapping[str, Any],
    fields: tuple[str, ...],
    version: int,
) -> dict[str, Any]:
    """``fields`` of a record as they were at ``version``: its ``current`` state (with its
    ``version``) with every later logged change undone, newest first.

    EditError if ``version`` is not one the record had, or if the log misses a version between
    it and the current one (a write that was not logged): the state there cannot be known.
    """
    if not 1 <= version <= current["version"]:
        raise EditError(
            f"{entity_id} has versions 1 to {current['version']}, not {version}",
            "no_version", id=entity_id, n=current["version"], v=version,
        )
    state = {f: current[f] for f in fields}
    rows = conn.execute(
        "SELECT version, diff FROM changes WHERE entity = ? AND entity_id = ? "
        "AND version > ? ORDER BY version DESC",
        [entity, entity_id, version],
    ).fetchall()
    expected = current["version"]
    for row in rows:
        if row["version"] != expected:
            break
        for field, (before, _after) in json.loads(row["diff"]).items():
            state[field] = before
        expected -= 1
    if expected != version:
        raise EditError(
            f"{entity_id}: the log has no record of version {expected}",
            "log_gap", id=entity_id, v=expected,
        )
    return state


def state_at(conn: sqlite3.Connection, site_id: str, version: int) -> dict[str, Any]:
    """The site's editable state as it was at ``version`` (EditError if there was none)."""
    current = site_state(conn, site_id)
    if current is None:
        raise EditError(f"unknown site id {site_id!r}", "unknown_record", entity="site",
                        id=site_id)
    return undo_changes(conn, "site", site_id, current, STATE_FIELDS, version)


def revert_site(
    conn: sqlite3.Connection,
    actor: Actor,
    site_id: str,
    to_version: int,
    expected_version: int,
) -> SaveResult:
    """Make the site look as it did at ``to_version``; recorded as a new change."""
    at = utc_now()
    with write_transaction(conn):
        who = require(conn, actor, Permission.SITE_REVERT)
        before = _locked_state(conn, site_id, expected_version)
        target = state_at(conn, site_id, to_version)
        if target.get("name_zh") is None:
            raise EditError(f"{site_id} did not exist at version {to_version}", "not_at_version",
                            id=site_id, v=to_version)
        return apply_state(
            conn,
            who,
            site_id,
            before,
            target,
            action="revert",
            at=at,
            reverts_to=to_version,
            note=f"revert to version {to_version}",
        )
