"""Backup while editors write, restore, and what restore refuses."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from catalog import backup, editing, schema, store
from catalog.permissions import Actor
from catalog.repository import CatalogError
from tests.catalog.edit_support import actor, open_conn

ROOT = Path(__file__).resolve().parents[2]
SITES = ["pingyao-shuanglinsi", "pingyao-gucheng", "jiexiu-zhangbi", "lingshi-jingsheng"]


def _consistent(path: Path) -> int:
    """Every site's version is 1 + its logged changes, and its row matches the last change."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    total = 0
    for row in conn.execute("SELECT id, version, visit_minutes FROM sites"):
        logged = conn.execute(
            "SELECT count(*), max(version) FROM changes WHERE entity='site' AND entity_id=?",
            [row["id"]],
        ).fetchone()
        assert row["version"] == 1 + logged[0], row["id"]
        if logged[0]:
            last = conn.execute(
                "SELECT json_extract(diff, '$.visit_minutes[1]') FROM changes "
                "WHERE entity_id = ? ORDER BY id DESC LIMIT 1",
                [row["id"]],
            ).fetchone()[0]
            assert last == row["visit_minutes"]
        total += logged[0]
    conn.close()
    return total


def test_backups_taken_during_concurrent_writes_restore_to_a_consistent_catalogue(db, tmp_path):
    stop = threading.Event()
    errors: list[BaseException] = []

    def writer(site: str) -> None:
        conn = open_conn(db)
        i = 0
        try:
            while not stop.is_set():
                version = editing.site_state(conn, site)["version"]
                editing.update_site(conn, actor("olga"), site, version, {"visit_minutes": 30 + i % 500})
                i += 1
        except BaseException as exc:  # noqa: BLE001 - asserted below
            errors.append(exc)
        finally:
            conn.close()

    threads = [threading.Thread(target=writer, args=(s,)) for s in SITES]
    for t in threads:
        t.start()
    copies = []
    try:
        for n in range(5):
            copies.append(backup.backup(db, tmp_path / f"b{n}.db"))
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors
    counts = [_consistent(c.path) for c in copies]
    assert counts == sorted(counts) and counts[-1] > 0  # taken while the log grew
    assert _consistent(db) >= counts[-1]
    info, safety = backup.restore(copies[2].path, db, Actor.system("test"))
    assert safety.is_file() and _consistent(safety) >= counts[-1]
    assert info.changes == counts[2]
    conn = open_conn(db)
    last = conn.execute("SELECT action, actor, note FROM changes ORDER BY id DESC LIMIT 1").fetchone()
    assert (last["action"], last["actor"]) == ("restore", "system:test")
    assert "b2.db" in last["note"]
    conn.close()


def test_restore_refuses_what_is_not_a_catalogue(db, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all" * 100)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (x)").connection.commit()
    for path, message in [(junk, "not a catalogue"), (other, "not a catalogue"),
                          (tmp_path / "missing.db", "no such file")]:
        with pytest.raises(CatalogError, match=message):
            backup.restore(path, db, Actor.system("test"))
    assert _consistent(db) == 0  # untouched


def test_restore_refuses_a_newer_schema(db, tmp_path):
    newer = backup.backup(db, tmp_path / "newer.db").path
    conn = sqlite3.connect(newer)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('jinzhong-catalog', 'm099_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    with pytest.raises(CatalogError, match="newer schema.*m099_from_the_future"):
        backup.restore(newer, db, Actor.system("test"))


def _older_backup(db: Path, path: Path) -> Path:
    """A genuine backup as an app with only m001_core wrote it: that schema, our rows in it.

    (Restore compares a file's schema with exactly what our migrations create, so dropping
    today's tables and columns from a copy would not make an older backup.)"""
    from sqlite_utils import Database

    old = Database(path)
    schema.migrations.apply(old, stop_before="m002_editing")
    conn = old.conn
    conn.execute("ATTACH DATABASE ? AS cur", [str(db)])
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sites_fts%' "
        "AND name NOT LIKE 'sqlite%' AND name != '_sqlite_migrations'")]
    for table in tables:
        now = {r[1] for r in conn.execute(f"PRAGMA cur.table_info({table})")}
        common = ", ".join(r[1] for r in conn.execute(f"PRAGMA main.table_info({table})")
                           if r[1] in now)
        conn.execute(f"INSERT INTO main.{table} ({common}) SELECT {common} FROM cur.{table}")
    conn.commit()
    conn.execute("DETACH DATABASE cur")
    conn.close()
    return path


def test_an_older_backup_is_migrated_on_restore(db, tmp_path):
    old = _older_backup(db, tmp_path / "old.db")
    backup.restore(old, db, Actor.system("test"))
    conn = open_conn(db)
    assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == (
        store.SCHEMA_VERSION)
    assert conn.execute("SELECT action FROM changes").fetchone()[0] == "restore"
    assert conn.execute("SELECT count(*) FROM sites").fetchone()[0] == 5
    conn.close()


def test_cli_backup_and_restore(db, tmp_path):
    target = tmp_path / "copy.db"
    done = subprocess.run(
        [sys.executable, "-m", "catalog", "backup", str(target), "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "backed up 5 sites" in done.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "catalog", "restore", str(tmp_path / "nope.db"), "--db", str(db)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert bad.returncode == 1 and bad.stderr.startswith("error: no such file")


def test_lazy_constants_match_the_schema():
    assert store.SCHEMA_VERSION == schema.SCHEMA_VERSION
    assert backup.MIGRATION_SET == schema.migrations.name
    assert backup.known_migrations() == {"m001_core", "m002_editing", "m003_recommendation",
                                         "m004_workbench", "m005_site_photos"}
