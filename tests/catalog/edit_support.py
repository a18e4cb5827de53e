"""Shared set-up for the editing tests: a migrated copy of the seed slice with four accounts.

The template is built once per test process (argon2 hashing is deliberately slow) and copied
for each test, so every test edits its own file.

Accounts (all with password ``PASSWORD``): ``ada`` admin, ``olga`` and ``oscar`` officers,
``pat`` planner. The seed slice (tests/catalog/fixtures/seed_mini) has five sites in 平遥,
灵石 and 介休, e.g. ``pingyao-shuanglinsi`` (双林寺) and ``jiexiu-zhangbi`` (张壁村).
"""

from __future__ import annotations

import atexit
import shutil
import sqlite3
import tempfile
from pathlib import Path

from catalog import auth
from catalog.backup import backup
from catalog.build import build
from catalog.permissions import Actor
from catalog.store import connect

MINI_SEED = Path(__file__).parent / "fixtures" / "seed_mini"
PASSWORD = "correct horse battery"
USERS = {"ada": "admin", "olga": "officer", "oscar": "officer", "pat": "planner"}
REAL_DB = Path(__file__).resolve().parents[2] / "data" / "heritage.db"
_templates: dict[str, Path] = {}


def _with_users(path: Path) -> Path:
    conn = connect(path)
    for name, role in USERS.items():
        auth.add_user(conn, Actor.system("test"), name, role, PASSWORD)
    conn.execute("DELETE FROM changes")  # start with an empty log, as after a build
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return path


def template(real: bool = False) -> Path:
    """The migrated slice (or, with ``real``, the committed catalogue) with the four accounts.

    Shared by every test of the process; never edit it directly.
    """
    key = "real" if real else "mini"
    if key not in _templates:
        directory = Path(tempfile.mkdtemp(prefix="edit-template-"))
        atexit.register(shutil.rmtree, directory, True)
        path = directory / "heritage.db"
        if real:
            backup(REAL_DB, path)
        else:
            build(MINI_SEED, path)
        _templates[key] = _with_users(path)
    return _templates[key]


def editable_copy(directory: Path, real: bool = False) -> Path:
    """A private copy of the template in ``directory``."""
    target = directory / "heritage.db"
    shutil.copyfile(template(real), target)
    return target


def open_conn(path: Path) -> sqlite3.Connection:
    """A write connection (what the pages and the CLI use)."""
    return connect(path)


def actor(name: str) -> Actor:
    """The actor a login as ``name`` produces."""
    return Actor(name, USERS[name])
