"""Shared set-up for the editing tests: a migrated copy of the seed slice with four accounts.

The template is built once per test process (argon2 hashing is deliberately slow) and copied
for each test, so every test edits its own file.

Accounts (all with password ``PASSWORD``): ``ada`` admin, ``olga`` and ``oscar`` officers,
``pat`` planner. The seed slice (tests/catalog/fixtures/seed_mini) has five sites in 平遥,
灵石 and 介休, e.g. ``pingyao-shuanglinsi`` (双林寺) and ``jiexiu-zhangbi`` (张壁村).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from catalog import auth
from catalog.build import build
from catalog.permissions import Actor
from catalog.store import connect

MINI_SEED = Path(__file__).parent / "fixtures" / "seed_mini"
PASSWORD = "correct horse battery"
USERS = {"ada": "admin", "olga": "officer", "oscar": "officer", "pat": "planner"}
_template: Path | None = None


def template() -> Path:
    """The built, migrated slice with the four accounts (shared; never edit it directly)."""
    global _template
    if _template is None:
        path = Path(tempfile.mkdtemp(prefix="edit-template-")) / "heritage.db"
        build(MINI_SEED, path)
        conn = connect(path)
        for name, role in USERS.items():
            auth.add_user(conn, Actor.system("test"), name, role, PASSWORD)
        conn.execute("DELETE FROM changes")  # start with an empty log, as after a build
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        _template = path
    return _template


def editable_copy(directory: Path) -> Path:
    """A private copy of the template in ``directory``."""
    target = directory / "heritage.db"
    shutil.copyfile(template(), target)
    return target


def open_conn(path: Path) -> sqlite3.Connection:
    """A write connection (what the pages and the CLI use)."""
    return connect(path)


def actor(name: str) -> Actor:
    """The actor a login as ``name`` produces."""
    return Actor(name, USERS[name])
