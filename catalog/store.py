"""Write connections, ``BEGIN IMMEDIATE`` transactions and the change log.

Why ``BEGIN IMMEDIATE`` (PITFALLS e): a deferred transaction that reads and then writes fails at
once with SQLITE_BUSY when another connection committed in between; the busy handler is never
called. Taking the write lock first makes writers queue on ``busy_timeout`` instead.

One connection per thread or Streamlit session: ``sqlite3`` connections are not shared.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from catalog.repository import CatalogError

BUSY_TIMEOUT_MS = 30_000
SCHEMA_VERSION = 5  # = catalog.schema.SCHEMA_VERSION (checked by a test; that module is slow)
_migrate_lock = threading.Lock()


class CatalogBusy(CatalogError):
    """Another write held the catalogue for longer than ``BUSY_TIMEOUT_MS``: try again."""

    code = "busy"

    def __init__(self) -> None:
        super().__init__("the catalogue is busy with another save or import; nothing was "
                         "written, try again in a moment")


class CatalogReadOnly(CatalogError):
    """The catalogue file (or its folder) cannot be written by this process."""

    code = "read_only"

    def __init__(self, path: object = "") -> None:
        super().__init__(f"the catalogue {path} is read-only for this process; nothing was "
                         "written".replace("  ", " "))


def _write_error(exc: sqlite3.OperationalError, path: object = "") -> CatalogError | None:
    """The clear error for a write SQLite refused (busy or read-only), else None."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return CatalogBusy()
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return CatalogReadOnly(path)
    return None


def utc_now() -> str:
    """The current time as an ISO-8601 UTC string with seconds (what ``changes.at`` holds)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def connect(path: str | Path, *, migrate: bool = True) -> sqlite3.Connection:
    """Open ``path`` for writing: autocommit mode (we issue BEGIN ourselves), WAL, foreign keys.

    Applies pending migrations (an older catalogue gains the editing tables). Raises
    CatalogError when the file is missing or is not a catalogue.
    """
    path = Path(path)
    if not path.is_file():
        raise CatalogError(f"catalogue database not found: {path}")
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CatalogError(f"{path} is not a catalogue database ({exc})") from None
    if not {"sites", "designations", "counties"} <= tables:
        conn.close()
        raise CatalogError(f"{path} is not a catalogue database (no sites table)")
    try:
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")  # readers keep reading while one writes
        conn.execute("PRAGMA foreign_keys = ON")
        if migrate:
            migrate_db(conn)
    except sqlite3.OperationalError as exc:
        conn.close()
        raise (_write_error(exc, path) or exc) from None
    return conn


def version_key(path: str | Path) -> str:
    """A string that changes whenever a committed write changes the catalogue at ``path``.

    The main file's mtime alone misses commits still in the write-ahead log (they reach the main
    file only at a checkpoint, and a PASSIVE one may be put off while a reader needs old frames),
    so the key also holds the ``-wal`` file's size and mtime: every commit appends to it.
    """
    path = Path(path)
    main = path.stat()
    wal = Path(f"{path}-wal")
    try:
        w = wal.stat()
        wal_part = f"{w.st_size}:{w.st_mtime_ns}"
    except FileNotFoundError:
        wal_part = "-"
    return f"{path}:{main.st_size}:{main.st_mtime_ns}:{wal_part}"


def close(conn: sqlite3.Connection) -> None:
    """Checkpoint (passively) and close: the main file then carries the writes.

    Keeps the WAL short and the main file self-contained for tools that copy it. The app's caches
    do not depend on it: ``version_key`` also watches the WAL. PASSIVE never waits for readers;
    frames a reader still needs are copied at a later checkpoint.
    """
    try:
        if not conn.in_transaction:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.Error:
        pass  # a busy database: the next checkpoint will do it
    finally:
        conn.close()


def migrate_db(conn: sqlite3.Connection) -> None:
    """Apply pending migrations once, even when several threads open the file together."""
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "_sqlite_migrations" in names:
        applied = conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0]
        if applied >= SCHEMA_VERSION:
            return  # the common case, without importing sqlite-utils (slow to load)
    from sqlite_utils import Database

    from catalog import schema

    db = Database(conn)
    if not schema.migrations.pending(db):
        return
    with _migrate_lock:
        conn.execute("BEGIN IMMEDIATE")  # serialise against other processes too
        try:
            pending = bool(schema.migrations.pending(db))
        finally:
            conn.execute("ROLLBACK")
        if pending:
            schema.apply(db)
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                [str(schema.SCHEMA_VERSION)],
            )


@contextmanager
def write_transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any exception.

    A write lock not had within ``BUSY_TIMEOUT_MS`` is :class:`CatalogBusy` and a file this
    process may not write is :class:`CatalogReadOnly`: clear messages, never a traceback.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise (_write_error(exc) or exc) from None
    try:
        yield conn
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.OperationalError) and (clear := _write_error(exc)):
            raise clear from None
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise (_write_error(exc) or exc) from None


def record_change(
    conn: sqlite3.Connection,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    version: int | None,
    diff: dict,
    at: str,
    reverts_to: int | None = None,
    batch: str | None = None,
    note: str | None = None,
) -> int:
    """Append one row to the change log (inside the caller's transaction); returns its id."""
    cur = conn.execute(
        "INSERT INTO changes (at, actor, action, entity, entity_id, version, diff, reverts_to, "
        "batch, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            at,
            actor,
            action,
            entity,
            entity_id,
            version,
            json.dumps(diff, ensure_ascii=False, sort_keys=True),
            reverts_to,
            batch,
            note,
        ],
    )
    return int(cur.lastrowid or 0)


def catalog_revision(conn: sqlite3.Connection) -> int:
    """A number that grows with every recorded change to the catalogue (0 = as built)."""
    row = conn.execute("SELECT max(id) FROM changes WHERE entity = 'site'").fetchone()
    return int(row[0] or 0)
