"""Findings 3 and 4: restore cannot lose or backdoor the catalogue; backup cannot overwrite it.

Old main: a file with our table names and migration rows but other columns replaced the live
database and then failed with a traceback, leaving a 20 KB husk; a genuine backup plus a trigger
that promotes a user on every change was restored with exit 0; a ``changes`` view over an endless
recursive CTE made restore hang. ``backup data/heritage.db --db data/heritage.db`` swapped the
file under open connections; ``backup`` overwrote any existing file.
"""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from catalog import backup, editing
from catalog.permissions import Actor
from catalog.repository import CatalogError
from tests.catalog.edit_support import actor, editable_copy, open_conn

ROOT = Path(__file__).resolve().parents[2]
SYSTEM = Actor.system("test")


def digest(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        rows = [conn.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("sites", "users", "changes", "designations")]
    finally:
        conn.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.fixture
def live(tmp_path: Path) -> Path:
    (tmp_path / "live").mkdir()
    return editable_copy(tmp_path / "live")


def doctored(live: Path, tmp_path: Path, *sql: str) -> Path:
    """A genuine backup of ``live`` with ``sql`` run on it."""
    path = backup.backup(live, tmp_path / "doctored.db").path
    conn = sqlite3.connect(path)
    for statement in sql:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path


def refused(live: Path, candidate: Path, match: str) -> None:
    before = digest(live)
    with pytest.raises(CatalogError, match=match):
        backup.restore(candidate, live, SYSTEM)
    assert digest(live) == before  # the live catalogue is untouched
    assert not list(live.parent.glob("*before-restore*"))  # not even a safety copy was needed
    assert not list(live.parent.glob(".heritage-copy-*"))  # and the scratch copy is gone


def test_wrong_columns_under_our_names_are_refused(live: Path, tmp_path: Path) -> None:
    path = tmp_path / "husk.db"
    conn = sqlite3.connect(path)
    for table in ("sites", "designations", "counties"):
        conn.execute(f"CREATE TABLE {table} (x)")
    conn.execute("CREATE TABLE _sqlite_migrations (migration_set, name, applied_at)")
    conn.executemany("INSERT INTO _sqlite_migrations VALUES ('jinzhong-catalog', ?, 'x')",
                     [("m001_core",), ("m002_editing",)])
    conn.commit()
    conn.close()
    refused(live, path, "not a catalogue this app wrote")


def test_a_foreign_trigger_is_refused(live: Path, tmp_path: Path) -> None:
    path = doctored(live, tmp_path, "CREATE TRIGGER promote AFTER INSERT ON changes BEGIN "
                    "UPDATE users SET role = 'admin' WHERE name = 'pat'; END")
    refused(live, path, "trigger 'promote' that is not ours")


def test_one_of_our_triggers_rewritten_is_refused(live: Path, tmp_path: Path) -> None:
    path = doctored(live, tmp_path, "DROP TRIGGER sites_fts_ai",
                    "CREATE TRIGGER sites_fts_ai AFTER INSERT ON sites BEGIN "
                    "UPDATE users SET role = 'admin'; END")
    refused(live, path, "different trigger 'sites_fts_ai'")


def test_a_changed_check_constraint_is_refused(live: Path, tmp_path: Path) -> None:
    path = doctored(live, tmp_path, "PRAGMA writable_schema = ON",
                    "UPDATE sqlite_master SET sql = replace(sql, \"'visitor', \", '') "
                    "WHERE name = 'users'")
    refused(live, path, "different table 'users'|integrity")


def test_an_endless_view_is_refused_quickly(live: Path, tmp_path: Path) -> None:
    path = doctored(live, tmp_path, "ALTER TABLE changes RENAME TO changes_old",
                    "CREATE VIEW changes AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL "
                    "SELECT n + 1 FROM r) SELECT n AS id FROM r")
    start = time.monotonic()
    refused(live, path, "not a catalogue this app wrote")
    assert time.monotonic() - start < 60  # old main: never returned


def test_a_genuine_backup_still_restores(live: Path, tmp_path: Path) -> None:
    good = backup.backup(live, tmp_path / "good.db").path
    conn = open_conn(live)
    editing.update_site(conn, actor("olga"), "pingyao-shuanglinsi", 1, {"name_en": "later"})
    conn.close()
    info, safety = backup.restore(good, live, SYSTEM)
    assert safety.is_file() and info.sites == 5
    conn = open_conn(live)
    row = conn.execute("SELECT name_en FROM sites WHERE id = 'pingyao-shuanglinsi'").fetchone()
    assert row[0] != "later"
    conn.close()


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "catalog", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_backup_refuses_the_live_database(live: Path) -> None:
    before = digest(live)
    for dest in (live, Path(f"{live}-wal"), live.parent / "." / live.name):
        proc = cli("backup", str(dest), "--db", str(live), "--force")
        assert proc.returncode == 1 and "live catalogue" in proc.stderr, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1
    assert digest(live) == before


def test_backup_refuses_an_existing_file_without_force(live: Path, tmp_path: Path) -> None:
    dest = tmp_path / "keep.db"
    dest.write_bytes(b"an earlier backup, or anything else")
    proc = cli("backup", str(dest), "--db", str(live))
    assert proc.returncode == 1 and "--force" in proc.stderr, proc.stderr
    assert dest.read_bytes() == b"an earlier backup, or anything else"
    proc = cli("backup", str(dest), "--db", str(live), "--force")
    assert proc.returncode == 0, proc.stderr
    assert backup.inspect_catalogue(dest).sites == 5
