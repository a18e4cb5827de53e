"""Backup and restore with SQLite's online backup API.

``backup`` copies the live database in one step of the backup API, under a read transaction:
the copy is a consistent snapshot even while editors write (in WAL mode, writers are not
blocked). ``restore`` refuses a file that is not a catalogue, fails ``integrity_check``, or was
written by a newer schema than this code knows; it keeps a copy of the file it replaces, brings
an older backup up to the current schema and records the restore in the change log.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from catalog.permissions import Actor, Permission, require
from catalog.repository import CatalogError
from catalog.store import connect, record_change, utc_now, write_transaction

MIGRATION_SET = "jinzhong-catalog"  # = catalog.schema.migrations.name


def known_migrations() -> set[str]:
    """Names of the migrations this code can apply (imports sqlite-utils: only when needed)."""
    from sqlite_utils import Database

    from catalog import schema

    return {m.name for m in schema.migrations.pending(Database(memory=True))}


@dataclass(frozen=True)
class BackupInfo:
    """What a backup file holds."""

    path: Path
    sites: int
    changes: int
    migrations: tuple[str, ...]
    bytes: int


def inspect_catalogue(path: str | Path) -> BackupInfo:
    """Check that ``path`` is a sound catalogue this code can read; CatalogError if not."""
    path = Path(path)
    if not path.is_file():
        raise CatalogError(f"no such file: {path}")
    try:
        conn = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise CatalogError(f"{path} cannot be opened ({exc})") from None
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if not {"sites", "designations", "counties", "_sqlite_migrations"} <= tables:
            raise CatalogError(f"{path} is not a catalogue database")
        if conn.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise CatalogError(f"{path} fails SQLite's integrity check")
        names = tuple(
            r[0]
            for r in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY rowid",
                [MIGRATION_SET],
            )
        )
        if not names:
            raise CatalogError(f"{path} is not a catalogue database (no catalogue migrations)")
        newer = [n for n in names if n not in known_migrations()]
        if newer:
            raise CatalogError(
                f"{path} has a newer schema ({', '.join(newer)}) than this version of the app "
                "knows; upgrade the app before restoring it"
            )
        changes = (
            conn.execute("SELECT count(*) FROM changes").fetchone()[0]
            if ("changes" in tables)
            else 0
        )
        sites = conn.execute("SELECT count(*) FROM sites").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise CatalogError(f"{path} is not a catalogue database ({exc})") from None
    finally:
        conn.close()
    return BackupInfo(path, sites, changes, names, path.stat().st_size)


def backup(source: str | Path, dest: str | Path) -> BackupInfo:
    """Copy the live catalogue ``source`` to ``dest`` (replaced atomically when complete)."""
    inspect_catalogue(source)
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".backup-", suffix=".db", dir=dest.parent)
    os.close(fd)
    try:
        src = sqlite3.connect(f"file:{Path(source).resolve()}?mode=ro", uri=True)
        out = sqlite3.connect(tmp)
        try:
            src.backup(out)  # pages=-1: the whole file in one step, one consistent snapshot
            out.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
        finally:
            out.close()
            src.close()
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return inspect_catalogue(dest)


def restore(backup_path: str | Path, target: str | Path, actor: Actor) -> tuple[BackupInfo, Path]:
    """Replace the catalogue at ``target`` with ``backup_path``; returns (info, safety copy)."""
    info = inspect_catalogue(backup_path)
    target = Path(target)
    conn = connect(target)
    try:
        require(conn, actor, Permission.CATALOG_RESTORE)
    finally:
        conn.close()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    safety = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}")
    backup(target, safety)
    src = sqlite3.connect(f"file:{Path(backup_path).resolve()}?mode=ro", uri=True)
    dst = sqlite3.connect(target, timeout=30)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    conn = connect(target)  # applies migrations the backup predates
    try:
        with write_transaction(conn):
            record_change(
                conn,
                actor=actor.name,
                action="restore",
                entity="catalog",
                entity_id=str(target.name),
                version=None,
                diff={},
                at=utc_now(),
                note=f"restored from {Path(backup_path).name}; previous file kept as {safety.name}",
            )
    finally:
        conn.close()
    return info, safety
