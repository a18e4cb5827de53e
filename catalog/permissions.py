"""Who may do what: actors, roles and deny-by-default permission checks.

The datasette model (PITFALLS c): every mutating function in ``catalog`` takes the acting user
and calls :func:`require` before it touches anything. Hiding a page is not security; this is.

An :class:`Actor` is only a claim. ``require`` re-reads the user's row inside the caller's
transaction, so a forged or stale actor (a role changed or an account disabled since login)
is refused: the role that counts is the one in the ``users`` table now.

Roles nest: visitor ⊂ planner ⊂ officer ⊂ admin. Anything not listed is denied, including
unknown permissions and unknown roles.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from enum import StrEnum

#: Roles, least to most trusted.
ROLES: tuple[str, ...] = ("visitor", "planner", "officer", "admin")


class Permission(StrEnum):
    """Typed actions; the strings are what the audit log and error messages show."""

    CATALOG_READ = "catalog:read"
    PLAN = "plan:create"
    ITINERARY_SAVE = "itinerary:save"
    ITINERARY_SHARE = "itinerary:share"
    SITE_CREATE = "site:create"
    SITE_EDIT = "site:edit"
    SITE_RETIRE = "site:retire"
    SITE_REVERT = "site:revert"
    CATALOG_IMPORT = "catalog:import"
    HISTORY_READ = "history:read"
    USER_MANAGE = "user:manage"
    CATALOG_RESTORE = "catalog:restore"


_VISITOR = frozenset({Permission.CATALOG_READ, Permission.PLAN})
_PLANNER = _VISITOR | {Permission.ITINERARY_SAVE, Permission.ITINERARY_SHARE}
_OFFICER = _PLANNER | {
    Permission.SITE_CREATE,
    Permission.SITE_EDIT,
    Permission.SITE_RETIRE,
    Permission.SITE_REVERT,
    Permission.CATALOG_IMPORT,
    Permission.HISTORY_READ,
}
_ADMIN = _OFFICER | {Permission.USER_MANAGE, Permission.CATALOG_RESTORE}

GRANTS: dict[str, frozenset[Permission]] = {
    "visitor": _VISITOR,
    "planner": frozenset(_PLANNER),
    "officer": frozenset(_OFFICER),
    "admin": frozenset(_ADMIN),
}
assert set(GRANTS) == set(ROLES)


class PermissionDenied(Exception):
    """The actor may not do this. The message names the actor and the permission."""


@dataclass(frozen=True)
class Actor:
    """Someone acting on the catalogue.

    ``name`` is a ``users.name`` for people. ``kind="system"`` is the command line run by whoever
    owns the database file (``users add`` bootstrapping the first admin, ``restore``): it is never
    created by a page.
    """

    name: str
    role: str = "visitor"
    kind: str = "user"  # "user" | "anonymous" | "system"

    @classmethod
    def anonymous(cls) -> Actor:
        """A visitor who has not logged in."""
        return cls("visitor", "visitor", "anonymous")

    @classmethod
    def system(cls, what: str) -> Actor:
        """The command line acting as the file's owner, e.g. ``Actor.system("cli")``."""
        return cls(f"system:{what}", "admin", "system")

    def may(self, permission: Permission) -> bool:
        """What the claimed role allows (for showing pages; never a substitute for require)."""
        return permission in GRANTS.get(self.role, frozenset())


def require(conn: sqlite3.Connection, actor: Actor | None, permission: Permission) -> Actor:
    """Return the actor as the database knows it, or raise PermissionDenied.

    Deny by default: no actor, an unknown permission, an unknown or inactive user, or a role that
    does not grant ``permission`` are all refused.
    """
    if not isinstance(actor, Actor):
        raise PermissionDenied(f"{permission}: nobody is logged in")
    if not isinstance(permission, Permission):
        raise PermissionDenied(f"unknown permission {permission!r}")
    if actor.kind == "system":
        return actor
    if actor.kind == "anonymous":
        if permission in GRANTS["visitor"]:
            return actor
        raise PermissionDenied(f"{permission}: visitors may not do this; please log in")
    row = conn.execute(
        "SELECT name, role, active FROM users WHERE name = ?", [actor.name]
    ).fetchone()
    if row is None or not row[2]:
        raise PermissionDenied(f"{permission}: {actor.name!r} is not an active user")
    current = Actor(row[0], row[1])
    if permission not in GRANTS.get(current.role, frozenset()):
        raise PermissionDenied(
            f"{permission}: {current.name} is a {current.role}, which may not do this"
        )
    return current
