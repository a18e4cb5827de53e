"""Accounts: argon2 password hashes, login with slow-down, session timeout, SSO identities.

- Passwords are hashed with argon2id (``argon2-cffi`` defaults) and never stored or logged in clear.
- Failed logins are throttled (issue 13, finding 5) per user name (known or not, so probing names
  learns nothing), per client and per (user, client) pair. Each key keeps a failure score that
  halves every ``THROTTLE_HALF_LIFE_S`` and grows by one per failure; once it reaches the key's
  free allowance ``f`` the next attempt must wait ``2**(score - f)`` seconds, capped at
  ``MAX_DELAY_S``. The decision and the failure are one ``BEGIN IMMEDIATE`` transaction, taken
  *before* the password is checked (the attempt is booked as a failure and cleared on success),
  so concurrent attempts cannot all slip past the check; the decay means one wrong try now and
  then never adds up to a lock-out.
- Sessions end after ``IDLE_TIMEOUT_S`` without activity or ``ABSOLUTE_TIMEOUT_S`` after login.
- SSO (``st.login``) gives an identity only; the role always comes from our ``users`` table.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from catalog.permissions import ROLES, Actor, Permission, require
from catalog.store import record_change, utc_now, write_transaction

FREE_FAILURES = 3  # per (user, client) pair, and per user when the client is unknown
FREE_FAILURES_WIDE = 10  # per user across clients, and per client across user names
MAX_DELAY_S = 300
THROTTLE_HALF_LIFE_S = 600
IDLE_TIMEOUT_S = 30 * 60
ABSOLUTE_TIMEOUT_S = 12 * 60 * 60
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$")
_hasher = PasswordHasher()
_dummy_hash: list[str] = []


def _dummy() -> str:
    """Verified against when the user does not exist, so both paths cost one argon2 check."""
    if not _dummy_hash:
        _dummy_hash.append(_hasher.hash("not a password of anyone"))
    return _dummy_hash[0]


class AuthError(Exception):
    """A refused login or account change; the message is safe to show."""


class LoginThrottled(AuthError):
    """Too many failures: try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"too many failed attempts; try again in {retry_after} s")
        self.retry_after = retry_after


@dataclass(frozen=True)
class User:
    """A row of ``users`` without the hash."""

    name: str
    role: str
    active: bool
    email: str | None
    oidc_subject: str | None
    created_at: str
    version: int


def _parse(ts: str) -> dt.datetime:
    fmt = "%Y-%m-%dT%H:%M:%S.%fZ" if "." in ts else "%Y-%m-%dT%H:%M:%SZ"
    return dt.datetime.strptime(ts, fmt).replace(tzinfo=dt.UTC)


def _fmt(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def check_password_policy(password: str) -> None:
    """Raise AuthError unless the password is long enough and printable."""
    if not isinstance(password, str) or not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AuthError(f"a password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters")
    if any(ord(c) < 32 for c in password):
        raise AuthError("a password may not contain control characters")
    if not password.strip():  # ten spaces were accepted (issue 13, finding 11)
        raise AuthError("a password may not be only spaces")


def _row_user(row: sqlite3.Row) -> User:
    return User(
        row["name"],
        row["role"],
        bool(row["active"]),
        row["email"],
        row["oidc_subject"],
        row["created_at"],
        row["version"],
    )


def add_user(
    conn: sqlite3.Connection,
    actor: Actor,
    name: str,
    role: str,
    password: str | None,
    *,
    email: str | None = None,
    oidc_subject: str | None = None,
) -> User:
    """Create an account (admins only, or the command line). ``password`` None = SSO only."""
    if not isinstance(name, str) or not _NAME.match(name):
        raise AuthError("a user name is 2–40 letters, digits, '.', '_' or '-'")
    if role not in ROLES:
        raise AuthError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    if password is None and not (email or oidc_subject):
        raise AuthError("a user needs a password or an SSO identity (email or subject)")
    if password is not None:
        check_password_policy(password)
    hashed = _hasher.hash(password) if password is not None else None
    now = utc_now()
    with write_transaction(conn):
        who = require(conn, actor, Permission.USER_MANAGE)
        if conn.execute("SELECT 1 FROM users WHERE name = ?", [name]).fetchone():
            raise AuthError(f"user {name!r} already exists")
        try:
            conn.execute(
                "INSERT INTO users (name, role, password_hash, oidc_subject, email, active, "
                "created_at, version, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, 1, ?, 1, ?, ?)",
                [name, role, hashed, oidc_subject, email, now, now, who.name],
            )
        except sqlite3.IntegrityError as exc:
            raise AuthError(f"email or SSO subject already belongs to a user ({exc})") from None
        record_change(
            conn,
            actor=who.name,
            action="user_add",
            entity="user",
            entity_id=name,
            version=1,
            diff={"role": [None, role], "email": [None, email], "active": [None, True]},
            at=now,
        )
    return get_user(conn, name)


def get_user(conn: sqlite3.Connection, name: str) -> User:
    """One user by name (case-insensitive); AuthError if unknown."""
    row = conn.execute("SELECT * FROM users WHERE name = ?", [name]).fetchone()
    if row is None:
        raise AuthError(f"no user {name!r}")
    return _row_user(row)


def list_users(conn: sqlite3.Connection, actor: Actor) -> list[User]:
    """Every account, for admins."""
    require(conn, actor, Permission.USER_MANAGE)
    return [_row_user(r) for r in conn.execute("SELECT * FROM users ORDER BY name")]


def update_user(
    conn: sqlite3.Connection,
    actor: Actor,
    name: str,
    *,
    role: str | None = None,
    active: bool | None = None,
    password: str | None = None,
) -> User:
    """Change a user's role, active flag or password (admins only); recorded in the log."""
    if role is not None and role not in ROLES:
        raise AuthError(f"unknown role {role!r}; roles: {', '.join(ROLES)}")
    if password is not None:
        check_password_policy(password)
    now = utc_now()
    with write_transaction(conn):
        who = require(conn, actor, Permission.USER_MANAGE)
        row = conn.execute("SELECT * FROM users WHERE name = ?", [name]).fetchone()
        if row is None:
            raise AuthError(f"no user {name!r}")
        diff: dict = {}
        if role is not None and role != row["role"]:
            diff["role"] = [row["role"], role]
        if active is not None and bool(active) != bool(row["active"]):
            diff["active"] = [bool(row["active"]), bool(active)]
        if password is not None:
            diff["password"] = ["(hidden)", "(changed)"]
        if who.name.lower() == row["name"].lower() and (
            diff.get("role", [None, "admin"])[1] != "admin" or diff.get("active") == [True, False]
        ):
            raise AuthError("admins cannot demote or disable themselves")
        if not diff:
            return _row_user(row)
        conn.execute(
            "UPDATE users SET role = coalesce(?, role), active = coalesce(?, active), "
            "password_hash = coalesce(?, password_hash), version = version + 1, "
            "updated_at = ?, updated_by = ? WHERE name = ?",
            [
                role,
                None if active is None else int(active),
                _hasher.hash(password) if password is not None else None,
                now,
                who.name,
                name,
            ],
        )
        record_change(
            conn,
            actor=who.name,
            action="user_update",
            entity="user",
            entity_id=row["name"],
            version=row["version"] + 1,
            diff=diff,
            at=now,
        )
    return get_user(conn, name)


def _throttle_keys(name: str, client: str | None) -> dict[str, int]:
    """The throttle keys of an attempt, each with its free allowance."""
    if not client:
        return {f"user:{name}": FREE_FAILURES}
    client = client.strip()[:64]
    return {f"pair:{name}|{client}": FREE_FAILURES, f"user:{name}": FREE_FAILURES_WIDE,
            f"client:{client}": FREE_FAILURES_WIDE}


def _decayed(score: float, since: str | None, now: dt.datetime) -> float:
    if not since:
        return 0.0
    elapsed = max(0.0, (now - _parse(since)).total_seconds())
    return float(score) * 0.5 ** (elapsed / THROTTLE_HALF_LIFE_S)


def _delay(score: float, free: int) -> float:
    # (half a failure of slack: the score of f quick failures has decayed a hair below f)
    return 0.0 if score < free - 0.5 else min(float(MAX_DELAY_S), 2.0 ** max(0.0, score - free))


def _book_attempt(conn: sqlite3.Connection, keys: dict[str, int], now: dt.datetime) -> None:
    """Refuse while any key is blocked; else book this attempt as a failure (one transaction)."""
    with write_transaction(conn):
        rows = {k: conn.execute("SELECT * FROM login_throttle WHERE key = ?", [k]).fetchone()
                for k in keys}
        waits = [(_parse(r["blocked_until"]) - now).total_seconds()
                 for r in rows.values() if r is not None and r["blocked_until"]]
        if waits and max(waits) > 0:
            raise LoginThrottled(max(1, int(max(waits) + 0.999)))
        for key, free in keys.items():
            row = rows[key]
            score = _decayed(row["failures"], row["last_failure_at"], now) if row else 0.0
            score += 1
            delay = _delay(score, free)
            conn.execute(
                "INSERT INTO login_throttle (key, failures, last_failure_at, blocked_until) "
                "VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET failures = excluded.failures,"
                " last_failure_at = excluded.last_failure_at, "
                "blocked_until = excluded.blocked_until",
                [key, score, _fmt(now), _fmt(now + dt.timedelta(seconds=delay)) if delay else None],
            )


def authenticate(
    conn: sqlite3.Connection,
    name: str,
    password: str,
    *,
    now: dt.datetime | None = None,
    client: str | None = None,
) -> Actor:
    """Check a password; returns the Actor or raises AuthError / LoginThrottled.

    ``client`` is where the attempt comes from (the session's IP address; None when unknown).
    The message never says whether the name exists. While throttled, the password is not even
    checked, so guessing during the wait is useless.
    """
    now = now or dt.datetime.now(dt.UTC)
    key = (name or "").strip()[:64]
    keys = _throttle_keys(key.lower(), client)
    _book_attempt(conn, keys, now)
    row = conn.execute("SELECT * FROM users WHERE name = ?", [key]).fetchone()
    ok = False
    try:  # argon2 outside the write lock: other logins and saves are not held up
        hashed = row["password_hash"] if row is not None else None
        ok = _hasher.verify(hashed or _dummy(), password or "") and hashed is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not (ok and row["active"]):
        raise AuthError("wrong user name or password")  # the booked failure stands
    with write_transaction(conn):
        for k in keys:  # a success clears the user's keys and takes back this attempt's booking
            if k.startswith("client:"):
                conn.execute("UPDATE login_throttle SET failures = max(0, failures - 1), "
                             "blocked_until = NULL WHERE key = ?", [k])
            else:
                conn.execute("DELETE FROM login_throttle WHERE key = ?", [k])
        if _hasher.check_needs_rehash(row["password_hash"]):
            conn.execute(
                "UPDATE users SET password_hash = ? WHERE name = ?",
                [_hasher.hash(password), row["name"]],
            )
    return Actor(row["name"], row["role"])


def actor_for_identity(
    conn: sqlite3.Connection, *, email: str | None, subject: str | None
) -> Actor:
    """Map an SSO identity to our user (by subject, then verified email); else a visitor."""
    row = None
    if subject:
        row = conn.execute("SELECT * FROM users WHERE oidc_subject = ?", [subject]).fetchone()
    if row is None and email:
        row = conn.execute("SELECT * FROM users WHERE email = ?", [email]).fetchone()
    if row is None or not row["active"]:
        return Actor.anonymous()
    return Actor(row["name"], row["role"])


def session_expired(
    logged_in_at: dt.datetime,
    last_seen: dt.datetime,
    now: dt.datetime,
    *,
    idle_s: int = IDLE_TIMEOUT_S,
    absolute_s: int = ABSOLUTE_TIMEOUT_S,
) -> bool:
    """True when a login session must end (idle too long, or too long since login)."""
    return (now - last_seen).total_seconds() > idle_s or (
        now - logged_in_at
    ).total_seconds() > absolute_s
