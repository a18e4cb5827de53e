"""Finding 6: a long import no longer blocks logins; a busy catalogue is a clear message.

On the old main the whole import ran inside one ``BEGIN IMMEDIATE`` transaction: a correct login
started during a 15k-row import waited for the write lock until the import committed (or failed
after 30 s with ``OperationalError: database is locked``, shown as an exception). Now the rows are
validated and applied on a scratch copy and the lock is held only for the copy-over.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from catalog import auth, importer
from catalog.store import CatalogBusy, connect, write_transaction
from tests.catalog.edit_support import PASSWORD, actor, editable_copy, open_conn

HEADER = "id,name_zh,county_adcode,lat,lon,coord_precision,kind,themes\n"


def big_csv(path: Path, n: int) -> Path:
    """``n`` new temples in 平遥 (140728), on a grid inside the county."""
    rows = "".join(f",测试寺{i},140728,{37.2 + (i % 40) * 0.0005:.4f},"
                   f"{112.18 + (i // 40 % 40) * 0.0005:.4f},site,temple,宗教建筑\n"
                   for i in range(n))
    path.write_text(HEADER + rows, "utf-8")
    return path


def test_logins_complete_while_a_long_import_runs(tmp_path: Path) -> None:
    db = editable_copy(tmp_path)
    csv_file = big_csv(tmp_path / "big.csv", 4000)  # lasts well past the 0.5 s below, idle or busy
    result: dict = {}

    def run_import() -> None:
        conn = open_conn(db)
        try:
            result["report"] = importer.import_file(conn, actor("olga"), csv_file)
        except Exception as exc:  # noqa: BLE001 - reported below
            result["error"] = exc
        finally:
            conn.close()

    worker = threading.Thread(target=run_import)
    worker.start()
    time.sleep(0.5)  # the import is under way
    logins: list[tuple[float, bool]] = []  # (seconds it took, import still running afterwards)
    conn = open_conn(db)
    try:
        while worker.is_alive() and len(logins) < 20:
            start = time.monotonic()
            who = auth.authenticate(conn, "pat", PASSWORD)
            assert who.name == "pat"
            logins.append((time.monotonic() - start, worker.is_alive()))
            time.sleep(0.05)
    finally:
        conn.close()
    worker.join()
    assert "error" not in result, result
    assert result["report"].ok and len(result["report"].created) == 4000
    # on the old main the first login waited for the whole import: none finished during it
    assert any(during for _, during in logins), logins


def test_a_held_write_lock_is_a_clear_busy_error(tmp_path: Path, monkeypatch) -> None:
    db = editable_copy(tmp_path)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    monkeypatch.setattr("catalog.store.BUSY_TIMEOUT_MS", 200)
    conn = connect(db)
    conn.execute("PRAGMA busy_timeout = 200")
    try:
        with pytest.raises(CatalogBusy, match="try again"):
            auth.authenticate(conn, "pat", PASSWORD)
        with pytest.raises(CatalogBusy), write_transaction(conn):
            pass
    finally:
        conn.close()
        holder.execute("ROLLBACK")
        holder.close()
