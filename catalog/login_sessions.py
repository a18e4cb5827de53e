"""Login sessions that survive a reload: a signed, expiring cookie the server can revoke.

The browser holds a random token (32 bytes) signed with the server's key; the database holds only
the token's SHA-256 (a stolen database gives no working cookie) and, per session, who, when it was
last used, its absolute end and whether it was revoked. A cookie is honoured only while its row
says so: logging out, an idle timeout (``auth.IDLE_TIMEOUT_S``) or the absolute one
(``auth.ABSOLUTE_TIMEOUT_S``) end it on the server, so a copied cookie is worth nothing after.

Streamlit cannot set a cookie from a script (PITFALLS c), so a login goes in two steps:
:func:`begin` (in the script, after the password check) makes the session with a one-time
*ticket* valid for ``TICKET_S`` seconds; the page's own JavaScript posts the ticket to the app's
``/auth/cookie`` route, whose :func:`redeem` swaps it for the token and sets the HttpOnly cookie.
The ticket never becomes the cookie and works once.

Sessions live in their own small SQLite file beside the catalogue (``sessions.db``), not in the
catalogue: they change on every login and once a minute while someone works, and every change to
the catalogue file invalidates the app's cached data and plans (``store.version_key``).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from catalog.auth import ABSOLUTE_TIMEOUT_S, IDLE_TIMEOUT_S
from catalog.store import write_transaction

COOKIE = "jz_session"
TICKET_S = 120
TOUCH_EVERY_S = 60  # last_seen is written at most this often (a write per click is wasteful)


_SCHEMA = """CREATE TABLE IF NOT EXISTS login_sessions (
    id TEXT PRIMARY KEY,
    user_name TEXT NOT NULL COLLATE NOCASE,
    token_hash TEXT UNIQUE,
    ticket_hash TEXT UNIQUE,
    ticket_expires_at TEXT,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_reason TEXT)"""


def sessions_path(db_path: Path) -> Path:
    """The session file that goes with the catalogue at ``db_path``."""
    return Path(db_path).with_name("sessions.db")


def connect(db_path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the session file of the catalogue at ``db_path``; autocommit
    mode, WAL, writes through ``write_transaction``. Close it after the unit of work."""
    conn = sqlite3.connect(sessions_path(db_path), isolation_level=None, timeout=5,
                           check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute(_SCHEMA)
    return conn


@dataclass(frozen=True)
class LoginSession:
    """A live session: its id (never sent to the browser) and its user."""

    id: str
    user: str


def _fmt(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse(text: str) -> dt.datetime:
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)


def _digest(secret_text: str) -> str:
    return hashlib.sha256(secret_text.encode()).hexdigest()


# ------------------------------------------------------------------ signing


def secret_key(db_path: Path) -> bytes:
    """The signing key: ``$JZ_SESSION_KEY`` (hex) or a random key kept beside the database
    (created on first use, readable by its owner only; never in git)."""
    if os.environ.get("JZ_SESSION_KEY"):
        return bytes.fromhex(os.environ["JZ_SESSION_KEY"])
    path = Path(db_path).with_name(".session-key")
    try:
        return bytes.fromhex(path.read_text().strip())
    except FileNotFoundError:
        key = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(key.hex())
        return key
    except FileExistsError:  # pragma: no cover - another process created it in between
        return bytes.fromhex(path.read_text().strip())


def _mac(key: bytes, token: str) -> str:
    raw = hmac.new(key, token.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def sign(key: bytes, token: str) -> str:
    """The cookie value for ``token``: ``token.signature``."""
    return f"{token}.{_mac(key, token)}"


def unsign(key: bytes, value: str | None) -> str | None:
    """The token inside a cookie value, or None when it is missing, malformed or forged."""
    if not value or value.count(".") != 1 or len(value) > 200:
        return None
    token, mac = value.split(".")
    return token if hmac.compare_digest(mac, _mac(key, token)) else None


# ------------------------------------------------------------------ the session table


def begin(conn: sqlite3.Connection, user: str, *, now: dt.datetime | None = None
          ) -> tuple[str, str]:
    """Start a session for ``user`` (already authenticated); returns (session id, ticket)."""
    at = _now(now)
    session_id, ticket = secrets.token_hex(16), secrets.token_urlsafe(32)
    with write_transaction(conn):
        conn.execute(
            "INSERT INTO login_sessions (id, user_name, ticket_hash, ticket_expires_at, "
            "created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [session_id, user, _digest(ticket), _fmt(at + dt.timedelta(seconds=TICKET_S)),
             _fmt(at), _fmt(at), _fmt(at + dt.timedelta(seconds=ABSOLUTE_TIMEOUT_S))])
    return session_id, ticket


def redeem(conn: sqlite3.Connection, ticket: str, *, now: dt.datetime | None = None
           ) -> tuple[str, int] | None:
    """Swap a fresh, unused ticket for the session's token; returns (token, max-age seconds)
    or None. A ticket works once."""
    if not ticket or len(ticket) > 100:
        return None
    at = _now(now)
    token = secrets.token_urlsafe(32)
    with write_transaction(conn):
        row = conn.execute(
            "SELECT id, ticket_expires_at, expires_at FROM login_sessions "
            "WHERE ticket_hash = ? AND revoked_at IS NULL", [_digest(ticket)]).fetchone()
        if row is None or _parse(row["ticket_expires_at"]) < at:
            return None
        conn.execute("UPDATE login_sessions SET ticket_hash = NULL, ticket_expires_at = NULL, "
                     "token_hash = ? WHERE id = ?", [_digest(token), row["id"]])
    return token, max(0, int((_parse(row["expires_at"]) - at).total_seconds()))


def _live(conn: sqlite3.Connection, where: str, arg: str, at: dt.datetime
          ) -> LoginSession | None:
    row = conn.execute(
        f"SELECT id, user_name, last_seen_at, expires_at, revoked_at FROM login_sessions "
        f"WHERE {where}", [arg]).fetchone()
    if row is None or row["revoked_at"] is not None:
        return None
    reason = None
    if at > _parse(row["expires_at"]):
        reason = "expired"
    elif (at - _parse(row["last_seen_at"])).total_seconds() > IDLE_TIMEOUT_S:
        reason = "idle"
    if reason:
        revoke(conn, row["id"], reason, now=at)
        return None
    if (at - _parse(row["last_seen_at"])).total_seconds() >= TOUCH_EVERY_S:
        with write_transaction(conn):
            conn.execute("UPDATE login_sessions SET last_seen_at = ? WHERE id = ?",
                         [_fmt(at), row["id"]])
    return LoginSession(row["id"], row["user_name"])


def resume(conn: sqlite3.Connection, token: str, *, now: dt.datetime | None = None
           ) -> LoginSession | None:
    """The live session whose cookie holds ``token`` (marks it used), or None."""
    return _live(conn, "token_hash = ?", _digest(token), _now(now)) if token else None


def check(conn: sqlite3.Connection, session_id: str, *, now: dt.datetime | None = None
          ) -> LoginSession | None:
    """The session ``session_id`` if it is still live (marks it used), else None."""
    return _live(conn, "id = ?", session_id, _now(now))


def revoke(conn: sqlite3.Connection, session_id: str, reason: str = "logout", *,
           now: dt.datetime | None = None) -> None:
    """End a session on the server (its cookie stops working at once)."""
    with write_transaction(conn):
        conn.execute("UPDATE login_sessions SET revoked_at = ?, revoked_reason = ?, "
                     "ticket_hash = NULL WHERE id = ? AND revoked_at IS NULL",
                     [_fmt(_now(now)), reason, session_id])


def revoke_token(conn: sqlite3.Connection, token: str, reason: str = "logout") -> None:
    """End the session whose cookie holds ``token`` (the logout route's way in)."""
    row = conn.execute("SELECT id FROM login_sessions WHERE token_hash = ?",
                       [_digest(token)]).fetchone()
    if row is not None:
        revoke(conn, row["id"], reason)
