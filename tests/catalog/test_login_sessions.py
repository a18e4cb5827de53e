"""Login sessions behind the cookie: one-time tickets, hashed tokens, idle and absolute timeouts,
revocation, signatures (a real SQLite file beside a temporary catalogue path)."""

from __future__ import annotations

import datetime as dt

import pytest

from catalog import login_sessions as ls
from catalog.auth import ABSOLUTE_TIMEOUT_S, IDLE_TIMEOUT_S

T0 = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def conn(tmp_path):
    c = ls.connect(tmp_path / "heritage.db")
    yield c
    c.close()


def login(conn) -> tuple[str, str]:
    sid, ticket = ls.begin(conn, "pat", now=T0)
    token, max_age = ls.redeem(conn, ticket, now=T0 + dt.timedelta(seconds=5))
    assert max_age == ABSOLUTE_TIMEOUT_S - 5
    return sid, token


def test_a_ticket_works_once_and_only_while_fresh(conn) -> None:
    _, ticket = ls.begin(conn, "pat", now=T0)
    assert ls.redeem(conn, ticket, now=T0 + dt.timedelta(seconds=1)) is not None
    assert ls.redeem(conn, ticket, now=T0 + dt.timedelta(seconds=2)) is None
    _, late = ls.begin(conn, "pat", now=T0)
    assert ls.redeem(conn, late, now=T0 + dt.timedelta(seconds=ls.TICKET_S + 1)) is None
    assert ls.redeem(conn, "guess", now=T0) is None


def test_only_hashes_are_stored(conn) -> None:
    _, token = login(conn)
    rows = [tuple(r) for r in conn.execute("SELECT * FROM login_sessions")]
    assert token not in str(rows)


def test_resume_until_logout(conn) -> None:
    sid, token = login(conn)
    assert ls.resume(conn, token, now=T0 + dt.timedelta(minutes=10)).user == "pat"
    ls.revoke(conn, sid, now=T0 + dt.timedelta(minutes=11))
    assert ls.resume(conn, token, now=T0 + dt.timedelta(minutes=12)) is None
    assert ls.check(conn, sid, now=T0 + dt.timedelta(minutes=12)) is None


def test_idle_timeout_ends_the_session_for_good(conn) -> None:
    sid, token = login(conn)
    late = T0 + dt.timedelta(seconds=IDLE_TIMEOUT_S + 60)
    assert ls.resume(conn, token, now=late) is None
    reason = conn.execute("SELECT revoked_reason FROM login_sessions WHERE id = ?", [sid])
    assert reason.fetchone()[0] == "idle"
    assert ls.resume(conn, token, now=T0 + dt.timedelta(minutes=1)) is None  # stays revoked


def test_use_keeps_it_alive_until_the_absolute_end(conn) -> None:
    _, token = login(conn)
    at = T0
    while (at - T0).total_seconds() < ABSOLUTE_TIMEOUT_S - IDLE_TIMEOUT_S:
        at += dt.timedelta(seconds=IDLE_TIMEOUT_S - 60)
        assert ls.resume(conn, token, now=at) is not None
    assert ls.resume(conn, token, now=T0 + dt.timedelta(seconds=ABSOLUTE_TIMEOUT_S + 1)) is None


def test_revoke_by_token(conn) -> None:
    sid, token = login(conn)
    ls.revoke_token(conn, token)
    assert ls.check(conn, sid) is None


def test_signatures(tmp_path) -> None:
    key = ls.secret_key(tmp_path / "heritage.db")
    assert key == ls.secret_key(tmp_path / "heritage.db")  # kept beside the catalogue
    assert (tmp_path / ".session-key").stat().st_mode & 0o077 == 0
    value = ls.sign(key, "abc")
    assert ls.unsign(key, value) == "abc"
    assert ls.unsign(key, "abd" + value[3:]) is None
    assert ls.unsign(b"other key", value) is None
    assert ls.unsign(key, None) is None and ls.unsign(key, "no-dot") is None
