"""Saved itineraries (planners): remembered with the catalogue as it was when they were built.

An itinerary stores the planner's result as opaque JSON (``body``) plus, for every site it uses,
the site's ``version`` at save time and the catalogue revision (the newest change id). A saved
plan is never recomputed just to show it (PITFALLS f); instead :func:`notices` compares the
remembered versions with today's catalogue and says which sites have changed or been retired.

A *plan* is an owner's itineraries of one name: saving under a name the owner already used adds
the next version (v1, v2 …) and keeps the earlier ones, which stay openable. Renaming, copying and
deleting act on the whole plan and only its owner may do them. Stored times are UTC; pages show
them in Asia/Shanghai (:func:`local_time`).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from catalog.permissions import Actor, Permission, require
from catalog.problems import Translatable
from catalog.store import catalog_revision, utc_now, write_transaction

MAX_BODY = 1_000_000
MAX_NAME = 120
LOCAL = ZoneInfo("Asia/Shanghai")


class ItineraryError(Translatable):
    """A bad save or an unknown itinerary: English text, a code and params the app translates."""

    def __init__(self, code: str, text: str, /, **params: object) -> None:
        super().__init__(text, code, **params)


def local_time(utc_text: str) -> str:
    """A stored UTC time (``2026-11-27T09:05:00Z``) as Beijing time, ``2026-11-27 17:05``."""
    when = dt.datetime.fromisoformat(utc_text.replace("Z", "+00:00"))
    return when.astimezone(LOCAL).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class SavedItinerary:
    """A row of ``itineraries``."""

    id: int
    name: str
    owner: str
    shared: bool
    catalog_revision: int
    site_versions: dict[str, int]
    body: Any
    created_at: str
    version: int = 1


@dataclass(frozen=True)
class Notice:
    """Something about a saved itinerary's site that is no longer as it was."""

    site_id: str
    name_zh: str
    status: str  # "changed" | "retired" | "missing"
    saved_version: int
    current_version: int | None
    changed_by: str | None
    changed_at: str | None

    def message(self) -> str:
        """One line for the page."""
        if self.status == "missing":
            return f"{self.site_id} is no longer in the catalogue"
        if self.status == "retired":
            return f"{self.name_zh} has been retired from the catalogue ({self.changed_at})"
        return (
            f"{self.name_zh} has changed since this plan was saved "
            f"(by {self.changed_by} at {self.changed_at}); check its hours and location"
        )


def save(
    conn: sqlite3.Connection,
    actor: Actor,
    name: str,
    site_ids: list[str],
    body: Any,
    *,
    shared: bool = False,
) -> int:
    """Save an itinerary for the acting planner; returns its id."""
    name = _name(name)
    text = json.dumps(body, ensure_ascii=False, allow_nan=False)
    if len(text) > MAX_BODY:
        raise ItineraryError("too_large", "the itinerary is too large to save")
    at = utc_now()
    with write_transaction(conn):
        who = require(conn, actor, Permission.ITINERARY_SAVE)
        if shared:
            require(conn, actor, Permission.ITINERARY_SHARE)
        versions = {}
        for site_id in dict.fromkeys(site_ids):
            row = conn.execute(
                "SELECT version, retired FROM sites WHERE id = ?", [site_id]
            ).fetchone()
            if row is None or row["retired"]:
                raise ItineraryError("not_current", f"{site_id} is not a current catalogue site",
                                     id=site_id)
            versions[site_id] = row["version"]
        return _insert(conn, who.name, name, shared, catalog_revision(conn), versions, text, at)


def _name(name: str) -> str:
    name = (name or "").strip()
    if not 1 <= len(name) <= MAX_NAME:
        raise ItineraryError("bad_name", f"an itinerary needs a name of 1 to {MAX_NAME} characters",
                             max=MAX_NAME)
    return name


def _insert(conn: sqlite3.Connection, owner: str, name: str, shared: bool, revision: int,
            versions: dict[str, int], body_text: str, at: str) -> int:
    """A new version of ``owner``'s plan ``name`` (inside the caller's write transaction)."""
    latest = conn.execute("SELECT max(version) FROM itineraries WHERE owner = ? AND name = ?",
                          [owner, name]).fetchone()[0]
    cur = conn.execute(
        "INSERT INTO itineraries (name, owner, shared, catalog_revision, site_versions, body, "
        "created_at, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [name, owner, int(shared), revision, json.dumps(versions), body_text, at,
         (latest or 0) + 1, at, owner])
    return int(cur.lastrowid or 0)


def _row(r: sqlite3.Row) -> SavedItinerary:
    return SavedItinerary(
        r["id"],
        r["name"],
        r["owner"],
        bool(r["shared"]),
        r["catalog_revision"],
        json.loads(r["site_versions"]),
        json.loads(r["body"]),
        r["created_at"],
        r["version"],
    )


def visible(conn: sqlite3.Connection, actor: Actor) -> list[SavedItinerary]:
    """The actor's own itineraries and those shared by others, newest first."""
    who = require(conn, actor, Permission.ITINERARY_SAVE)
    rows = conn.execute(
        "SELECT * FROM itineraries WHERE owner = ? OR shared = 1 ORDER BY id DESC", [who.name]
    )
    return [_row(r) for r in rows]


@dataclass(frozen=True)
class SavedPlan:
    """All versions of one owner's plan of one name, newest first."""

    name: str
    owner: str
    versions: tuple[SavedItinerary, ...]

    @property
    def latest(self) -> SavedItinerary:
        return self.versions[0]


def plans(conn: sqlite3.Connection, actor: Actor) -> list[SavedPlan]:
    """The actor's plans and those shared by others, each with its versions (newest plan first)."""
    groups: dict[tuple[str, str], list[SavedItinerary]] = {}
    for item in visible(conn, actor):
        groups.setdefault((item.owner, item.name), []).append(item)
    return [SavedPlan(name, owner, tuple(sorted(items, key=lambda i: -i.version)))
            for (owner, name), items in groups.items()]


def get(conn: sqlite3.Connection, actor: Actor, itinerary_id: int) -> SavedItinerary:
    """One saved version the actor may see; ItineraryError if there is none."""
    who = require(conn, actor, Permission.ITINERARY_SAVE)
    row = conn.execute("SELECT * FROM itineraries WHERE id = ? AND (owner = ? OR shared = 1)",
                       [itinerary_id, who.name]).fetchone()
    if row is None:
        raise ItineraryError("unknown", f"no saved itinerary {itinerary_id}", id=itinerary_id)
    return _row(row)


def _own_plan(conn: sqlite3.Connection, owner: str, name: str) -> None:
    if conn.execute("SELECT 1 FROM itineraries WHERE owner = ? AND name = ?",
                    [owner, name]).fetchone() is None:
        raise ItineraryError("not_yours", f"you have no saved plan named {name!r}", name=name)


def rename(conn: sqlite3.Connection, actor: Actor, name: str, new_name: str) -> None:
    """Rename the actor's plan ``name`` (every version) to ``new_name``, which must be free."""
    new_name = _name(new_name)
    with write_transaction(conn):
        who = require(conn, actor, Permission.ITINERARY_SAVE)
        _own_plan(conn, who.name, name)
        if new_name != name and conn.execute(
                "SELECT 1 FROM itineraries WHERE owner = ? AND name = ?",
                [who.name, new_name]).fetchone():
            raise ItineraryError("name_taken", f"you already have a plan named {new_name!r}",
                                 name=new_name)
        conn.execute("UPDATE itineraries SET name = ?, updated_at = ?, updated_by = ? "
                     "WHERE owner = ? AND name = ?", [new_name, utc_now(), who.name, who.name, name])


def copy(conn: sqlite3.Connection, actor: Actor, itinerary_id: int, new_name: str) -> int:
    """Copy one version the actor may see into a plan of the actor's own named ``new_name`` (its
    next version, or v1); the copy remembers the same catalogue state, so notices stay true."""
    new_name = _name(new_name)
    with write_transaction(conn):
        who = require(conn, actor, Permission.ITINERARY_SAVE)
        src = get(conn, actor, itinerary_id)
        return _insert(conn, who.name, new_name, False, src.catalog_revision, src.site_versions,
                       json.dumps(src.body, ensure_ascii=False), utc_now())


def delete(conn: sqlite3.Connection, actor: Actor, name: str) -> int:
    """Delete the actor's plan ``name`` with all its versions; returns how many were deleted."""
    with write_transaction(conn):
        who = require(conn, actor, Permission.ITINERARY_SAVE)
        _own_plan(conn, who.name, name)
        cur = conn.execute("DELETE FROM itineraries WHERE owner = ? AND name = ?", [who.name, name])
        return cur.rowcount


def notices(conn: sqlite3.Connection, itinerary: SavedItinerary) -> list[Notice]:
    """Sites of ``itinerary`` that changed or were retired since it was saved."""
    result = []
    for site_id, saved in itinerary.site_versions.items():
        row = conn.execute(
            "SELECT name_zh, version, retired, updated_by, updated_at FROM sites WHERE id = ?",
            [site_id],
        ).fetchone()
        if row is None:
            result.append(Notice(site_id, site_id, "missing", saved, None, None, None))
        elif row["retired"]:
            result.append(
                Notice(
                    site_id,
                    row["name_zh"],
                    "retired",
                    saved,
                    row["version"],
                    row["updated_by"],
                    row["updated_at"],
                )
            )
        elif row["version"] != saved:
            result.append(
                Notice(
                    site_id,
                    row["name_zh"],
                    "changed",
                    saved,
                    row["version"],
                    row["updated_by"],
                    row["updated_at"],
                )
            )
    return result
