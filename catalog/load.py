"""``python -m catalog.load``: many editors and readers against one database file.

A benchmark, not a test: ``--editors`` threads (default 20) each loop "load a site, think, save"
through :func:`catalog.editing.update_site`, on a small set of hot sites so that conflicts really
happen; ``--readers`` threads (default 200) each loop over the public read API (a site card, a
text search, a county filter) with a think time between requests. Every thread has its own
connection, as every Streamlit session does. It works on a copy of ``--db`` in a temporary
directory, so the committed catalogue is never touched.

Prints edits attempted / committed / refused as conflicts / errors (anything else: must be 0),
read count and read latency p50/p95/max, and checks afterwards that every site's version equals
1 + its logged changes (no lost or unlogged write).

``--import-rows N`` also runs one import of N new sites during the load (issue 13, finding 6),
and ``--login-threads K`` threads log in with a correct password in a loop: each login either
succeeds or is refused with the clear "busy, try again" error (:class:`CatalogBusy`); anything
else counts as an error.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from catalog import auth, editing, importer
from catalog.paths import DEFAULT_DB
from catalog.permissions import Actor
from catalog.repository import Catalog
from catalog.store import CatalogBusy, connect

_LOGIN_PASSWORD = "load test password 1"

_SEARCHES = ("平遥", "王家", "wangjia", "古堡", "temple", "zhangbi", "寺", "jiexiu")


@dataclass
class Tally:
    """Counters shared by the threads (guarded by ``lock``)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    attempted: int = 0
    committed: int = 0
    conflicts: int = 0
    errors: list[str] = field(default_factory=list)
    read_ms: list[float] = field(default_factory=list)
    read_errors: list[str] = field(default_factory=list)
    logins_ok: int = 0
    logins_busy: int = 0
    login_ms: list[float] = field(default_factory=list)
    import_s: float | None = None
    import_rows: int = 0
    import_lock_s: float = 0.0


def _editor(path: Path, who: Actor, hot: list[str], until: float, think: float, t: Tally) -> None:
    rng = random.Random()
    conn = connect(path)
    try:
        while time.monotonic() < until:
            site = rng.choice(hot)
            try:
                seen = editing.site_state(conn, site)
                time.sleep(rng.uniform(0, think))  # the officer looks at the form
                with t.lock:
                    t.attempted += 1
                editing.update_site(
                    conn,
                    who,
                    site,
                    seen["version"],
                    {
                        "visit_minutes": rng.randint(20, 240),
                        "note": f"load test {rng.random():.6f}",
                    },
                )
                with t.lock:
                    t.committed += 1
            except editing.EditConflict:
                with t.lock:
                    t.conflicts += 1
            except Exception as exc:  # noqa: BLE001 - counted: the run must report 0
                with t.lock:
                    t.errors.append(repr(exc))
    finally:
        conn.close()


def _reader(
    path: Path, ids: list[str], counties: list[str], until: float, think: float, t: Tally
) -> None:
    rng = random.Random()
    cat = Catalog(path, readonly=True)
    times: list[float] = []
    try:
        while time.monotonic() < until:
            start = time.perf_counter()
            try:
                pick = rng.random()
                if pick < 0.5:
                    cat.site(rng.choice(ids))
                elif pick < 0.8:
                    cat.site_ids(text=rng.choice(_SEARCHES), limit=50)
                else:
                    cat.sites(counties=[rng.choice(counties)])
                times.append((time.perf_counter() - start) * 1000)
            except Exception as exc:  # noqa: BLE001 - counted
                with t.lock:
                    t.read_errors.append(repr(exc))
            time.sleep(rng.uniform(0, think))
    finally:
        cat.close()
        with t.lock:
            t.read_ms.extend(times)


def _importer(path: Path, rows: int, t: Tally) -> None:
    """One import of ``rows`` new temples in 平遥, on a grid inside the county."""
    text = "id,name_zh,county_adcode,lat,lon,coord_precision,kind,themes\n" + "".join(
        f",负载测试寺{i},140728,{37.2 + (i % 60) * 0.0004:.4f},"
        f"{112.18 + (i // 60 % 60) * 0.0004:.4f},site,temple,宗教建筑\n" for i in range(rows))
    conn = connect(path)
    start = time.monotonic()
    try:
        report = importer.import_bytes(conn, Actor("officer-0", "officer"), text.encode(), ".csv")
        with t.lock:
            t.import_s = time.monotonic() - start
            t.import_rows = len(report.created)
            t.import_lock_s = report.write_lock_s
            if not report.ok:
                t.errors.append(f"import: {report.problems[:3]}")
    except Exception as exc:  # noqa: BLE001 - counted
        with t.lock:
            t.errors.append(f"import: {exc!r}")
    finally:
        conn.close()


def _login(path: Path, name: str, until: float, think: float, t: Tally) -> None:
    rng = random.Random()
    conn = connect(path)
    try:
        while time.monotonic() < until:
            start = time.perf_counter()
            try:
                auth.authenticate(conn, name, _LOGIN_PASSWORD)
                with t.lock:
                    t.logins_ok += 1
                    t.login_ms.append((time.perf_counter() - start) * 1000)
            except CatalogBusy:
                with t.lock:
                    t.logins_busy += 1
            except Exception as exc:  # noqa: BLE001 - counted: the run must report 0
                with t.lock:
                    t.errors.append(f"login: {exc!r}")
            time.sleep(rng.uniform(0, think))
    finally:
        conn.close()


def _check_log(path: Path) -> list[str]:
    conn = connect(path)
    try:
        # built sites start at version 1 without a log row; created ones log their version 1
        bad = conn.execute(
            "SELECT s.id FROM sites s WHERE s.version != (SELECT count(*) FROM changes c "
            "WHERE c.entity = 'site' AND c.entity_id = s.id) + NOT EXISTS (SELECT 1 FROM "
            "changes c WHERE c.entity = 'site' AND c.entity_id = s.id AND c.version = 1)"
        ).fetchall()
        return [r[0] for r in bad]
    finally:
        conn.close()


def run(
    db: Path,
    *,
    editors: int = 20,
    readers: int = 200,
    seconds: float = 60.0,
    hot_sites: int = 20,
    editor_think: float = 0.5,
    reader_think: float = 2.0,
    import_rows: int = 0,
    login_threads: int = 0,
) -> dict:
    """Run the load on a temporary copy of ``db``; returns the figures."""
    with tempfile.TemporaryDirectory(prefix="catalog-load-") as tmp:
        path = Path(tmp) / "heritage.db"
        shutil.copyfile(db, path)
        conn = connect(path)
        for n in range(editors):  # one account per editor (SSO-style: no argon2 hash to compute)
            email = f"officer-{n}@load.invalid"
            auth.add_user(conn, Actor.system("load"), f"officer-{n}", "officer", None, email=email)
        for n in range(login_threads):
            auth.add_user(conn, Actor.system("load"), f"login-{n}", "planner", _LOGIN_PASSWORD)
        ids = [r[0] for r in conn.execute("SELECT id FROM sites WHERE retired = 0 ORDER BY id")]
        counties = [r[0] for r in conn.execute("SELECT adcode FROM counties")]
        before = conn.execute("SELECT count(*) FROM changes WHERE entity = 'site'").fetchone()[0]
        conn.close()
        hot = random.Random(7).sample(ids, min(hot_sites, len(ids)))
        tally = Tally()
        until = time.monotonic() + seconds
        threads = [
            threading.Thread(
                target=_editor,
                args=(path, Actor(f"officer-{i}", "officer"), hot, until, editor_think, tally),
            )
            for i in range(editors)
        ] + [
            threading.Thread(target=_reader, args=(path, ids, counties, until, reader_think, tally))
            for _ in range(readers)
        ] + [
            threading.Thread(target=_login, args=(path, f"login-{n}", until, 1.0, tally))
            for n in range(login_threads)
        ] + ([threading.Thread(target=_importer, args=(path, import_rows, tally))]
             if import_rows else [])
        started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.monotonic() - started
        unlogged = _check_log(path)
        conn = connect(path)
        logged = conn.execute("SELECT count(*) FROM changes WHERE entity = 'site'").fetchone()[0]
        conn.close()
    reads = sorted(tally.read_ms)
    q = statistics.quantiles(reads, n=100) if len(reads) >= 2 else [float("nan")] * 99
    return {
        "editors": editors,
        "readers": readers,
        "seconds": round(elapsed, 1),
        "hot_sites": len(hot),
        "edits_attempted": tally.attempted,
        "edits_committed": tally.committed,
        "edits_conflicts": tally.conflicts,
        "errors": len(tally.errors)
        + len(tally.read_errors)
        + len(unlogged)
        + (0 if logged - before == tally.committed + tally.import_rows else 1),
        "error_samples": (tally.errors + tally.read_errors)[:5] + unlogged[:5],
        "changes_logged": logged - before,
        "reads": len(reads),
        "read_p50_ms": round(q[49], 2),
        "read_p95_ms": round(q[94], 2),
        "read_max_ms": round(reads[-1], 2) if reads else None,
        "import_rows": tally.import_rows,
        "import_s": round(tally.import_s, 1) if tally.import_s is not None else None,
        "import_write_lock_s": tally.import_lock_s,
        "logins_ok": tally.logins_ok,
        "logins_busy": tally.logins_busy,
        "login_max_ms": round(max(tally.login_ms), 1) if tally.login_ms else None,
    }


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: prints the figures; exit 1 when any error occurred."""
    p = argparse.ArgumentParser(prog="python -m catalog.load", description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=DEFAULT_DB, help="catalogue to copy and load")
    p.add_argument("--editors", type=int, default=20)
    p.add_argument("--readers", type=int, default=200)
    p.add_argument("--seconds", type=float, default=60.0)
    p.add_argument("--hot-sites", type=int, default=20, help="sites the editors compete for")
    p.add_argument("--editor-think", type=float, default=0.5, help="max seconds on a form")
    p.add_argument("--reader-think", type=float, default=2.0, help="max seconds between reads")
    p.add_argument("--import-rows", type=int, default=0, help="one import of N sites meanwhile")
    p.add_argument("--login-threads", type=int, default=0, help="threads logging in meanwhile")
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    figures = run(
        args.db,
        editors=args.editors,
        readers=args.readers,
        seconds=args.seconds,
        hot_sites=args.hot_sites,
        editor_think=args.editor_think,
        reader_think=args.reader_think,
        import_rows=args.import_rows,
        login_threads=args.login_threads,
    )
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
    else:
        print(
            f"{figures['editors']} editors + {figures['readers']} readers for "
            f"{figures['seconds']} s on {figures['hot_sites']} hot sites\n"
            f"edits attempted {figures['edits_attempted']}, committed "
            f"{figures['edits_committed']}, refused as conflicts {figures['edits_conflicts']}, "
            f"errors {figures['errors']}\n"
            f"reads {figures['reads']}: p50 {figures['read_p50_ms']} ms, "
            f"p95 {figures['read_p95_ms']} ms, max {figures['read_max_ms']} ms"
        )
        if args.import_rows or args.login_threads:
            print(f"import of {args.import_rows} rows: {figures['import_rows']} created in "
                  f"{figures['import_s']} s (live write lock held {figures['import_write_lock_s']} s); "
                  f"logins ok {figures['logins_ok']} (max "
                  f"{figures['login_max_ms']} ms), refused busy {figures['logins_busy']}")
        for sample in figures["error_samples"]:
            print(f"  error: {sample}")
    return 1 if figures["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
