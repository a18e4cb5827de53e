"""Saved itineraries (planners): remembered with the catalogue as it was when they were built.

An itinerary stores the planner's result as opaque JSON (``body``) plus, for every site it uses,
the site's ``version`` at save time and the catalogue revision (the newest change id). A saved
plan is never recomputed just to show it (PITFALLS f); instead :func:`notices` compares the
remembered versions with today's catalogue and says which sites have changed or been retired.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from catalog.permissions import Actor, Permission, require
from catalog.store import catalog_revision, utc_now, write_transaction

MAX_BODY = 1_000_000


class ItineraryError(Exception):
    """A bad save or an unknown itinerary; the message is safe to show."""


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
    name = (name or "").strip()
    if not 1 <= len(name) <= 120:
        raise ItineraryError("an itinerary needs a name of 1 to 120 characters")
    text = json.dumps(body, ensure_ascii=False, allow_nan=False)
    if len(text) > MAX_BODY:
        raise ItineraryError("the itinerary is too large to save")
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
                raise ItineraryError(f"{site_id} is not a current catalogue site")
            versions[site_id] = row["version"]
        cur = conn.execute(
            "INSERT INTO itineraries (name, owner, shared, catalog_revision, site_versions, body, "
            "created_at, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
            [
                name,
                who.name,
                int(shared),
                catalog_revision(conn),
                json.dumps(versions),
                text,
                at,
                at,
                who.name,
            ],
        )
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
    )


def visible(conn: sqlite3.Connection, actor: Actor) -> list[SavedItinerary]:
    """The actor's own itineraries and those shared by others, newest first."""
    who = require(conn, actor, Permission.ITINERARY_SAVE)
    rows = conn.execute(
        "SELECT * FROM itineraries WHERE owner = ? OR shared = 1 ORDER BY id DESC", [who.name]
    )
    return [_row(r) for r in rows]


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
