"""Finding 5: the login throttle holds under concurrency and cannot be used to lock people out.

On the old main the blocked-check ran before, and outside, the transaction that recorded the
failure: 8 sessions at once each got a full password check. The key was the user name only and
the count never decayed, so one wrong try every 300 s kept ``admin1`` out for good.
Real SQLite files, real threads and processes, the real argon2 check.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import threading
from pathlib import Path

import pytest

from catalog import auth
from catalog.store import connect
from tests.catalog.edit_support import PASSWORD, actor, editable_copy

T0 = dt.datetime(2026, 3, 1, 8, tzinfo=dt.UTC)


def _attempt(db: str, password: str, client: str | None) -> str:
    conn = connect(db)
    try:
        auth.authenticate(conn, "olga", password, client=client)
        return "ok"
    except auth.LoginThrottled:
        return "throttled"
    except auth.AuthError:
        return "checked"  # a full password check that failed
    finally:
        conn.close()


def _in_process(args: tuple[str, str, str | None, multiprocessing.Barrier]) -> str:
    db, password, client, barrier = args
    barrier.wait()
    return _attempt(db, password, client)


@pytest.mark.parametrize("client", [None, "203.0.113.9"])
def test_concurrent_threads_get_at_most_the_free_checks(tmp_path: Path, client) -> None:
    db = str(editable_copy(tmp_path))
    barrier = threading.Barrier(8)
    results: list[str] = []

    def go() -> None:
        barrier.wait()
        results.append(_attempt(db, "wrong guess 123", client))

    threads = [threading.Thread(target=go) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 8
    assert results.count("checked") <= auth.FREE_FAILURES, results  # old main: 8
    assert results.count("throttled") >= 8 - auth.FREE_FAILURES


def test_concurrent_processes_get_at_most_the_free_checks(tmp_path: Path) -> None:
    db = str(editable_copy(tmp_path))
    ctx = multiprocessing.get_context("fork")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(8)
        with ctx.Pool(8) as pool:
            results = pool.map(_in_process, [(db, "wrong guess 123", None, barrier)] * 8)
    assert results.count("checked") <= auth.FREE_FAILURES, results


@pytest.mark.parametrize("attacker", [None, "203.0.113.9"])
def test_one_wrong_try_every_300_s_locks_nobody_out(tmp_path: Path, attacker) -> None:
    conn = connect(editable_copy(tmp_path))
    try:
        for n in range(16):  # 80 minutes of trickling: eight half-lives, the score is steady
            at = T0 + dt.timedelta(seconds=300 * n)
            with pytest.raises(auth.AuthError) as wrong:
                auth.authenticate(conn, "olga", "wrong guess 123", now=at, client=attacker)
            assert not isinstance(wrong.value, auth.LoginThrottled), n  # never even slowed
            # the real user, a few seconds later, from the office or (unknown client) anywhere
            who = auth.authenticate(conn, "olga", PASSWORD, now=at + dt.timedelta(seconds=10),
                                    client="198.51.100.7" if attacker else None)
            assert who == actor("olga"), n
    finally:
        conn.close()


def test_a_hammering_client_is_slowed_while_the_user_elsewhere_gets_in(tmp_path: Path) -> None:
    conn = connect(editable_copy(tmp_path))
    try:
        waits = []
        at = T0
        for _ in range(8):  # each attempt as soon as allowed: the wait doubles
            try:
                auth.authenticate(conn, "olga", "wrong guess 123", now=at, client="203.0.113.9")
            except auth.LoginThrottled as exc:
                waits.append(exc.retry_after)
                at += dt.timedelta(seconds=exc.retry_after)
                continue
            except auth.AuthError:
                pass
            at += dt.timedelta(seconds=0.1)
        assert waits and waits == sorted(waits) and waits[-1] >= 4 * waits[0], waits
        assert auth.authenticate(conn, "olga", PASSWORD, now=at,
                                 client="198.51.100.7") == actor("olga")
        # and the score decays: an hour later the hammering client's first try is checked
        with pytest.raises(auth.AuthError) as later:
            auth.authenticate(conn, "olga", "wrong guess 123", now=at + dt.timedelta(hours=1),
                              client="203.0.113.9")
        assert not isinstance(later.value, auth.LoginThrottled)
    finally:
        conn.close()


def test_spraying_many_names_from_one_client_is_slowed(tmp_path: Path) -> None:
    conn = connect(editable_copy(tmp_path))
    try:
        outcomes = []
        for i in range(auth.FREE_FAILURES_WIDE + 2):
            try:
                auth.authenticate(conn, f"name{i}", "guess 1234567", client="203.0.113.9",
                                  now=T0 + dt.timedelta(seconds=i * 0.01))
            except auth.LoginThrottled:
                outcomes.append("throttled")
            except auth.AuthError:
                outcomes.append("checked")
        assert outcomes.count("checked") == auth.FREE_FAILURES_WIDE, outcomes
    finally:
        conn.close()
