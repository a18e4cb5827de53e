"""Who is using this session: login state, timeout, SSO, and the role's pages.

The session holds only a claim (name, role, times). Every run re-reads the user's row, so a
disabled account or a changed role takes effect on the next click, and the domain layer checks
the role again on every write (``catalog.permissions.require``). Local accounts are the default;
``st.login`` (OIDC) is offered only when ``.streamlit/secrets.toml`` has an ``[auth]`` section,
and an SSO identity gets the role of the matching row in our ``users`` table (else visitor).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from catalog import auth
from catalog.permissions import Actor
from catalog.store import close, connect
from ui import state

AUTH_KEY = "auth_session"
FLASH_KEY = "auth_flash"

Spec = tuple[str, str, str, str]  # (file, title key, icon, url path)
VISITOR_PAGES: tuple[Spec, ...] = (  # the first is the default page
    ("pages/home.py", "page_home", ":material/home:", "home"),
    ("pages/map.py", "page_map", ":material/map:", "map"),
    ("pages/catalogue.py", "page_catalogue", ":material/table:", "catalogue"),
    ("pages/site.py", "page_site", ":material/account_balance:", "site"),
    ("pages/greenways.py", "page_greenways", ":material/route:", "greenways"),
    ("pages/plan.py", "page_plan", ":material/event_note:", "plan"),
)
LOGIN: Spec = ("pages/login.py", "page_login", ":material/login:", "login")
SAVED: Spec = ("pages/saved_plans.py", "page_saved_plans", ":material/bookmark:", "saved")
OFFICER: tuple[Spec, ...] = (
    ("pages/officer_edit.py", "page_officer_edit", ":material/edit_location:", "edit"),
    ("pages/history.py", "page_history", ":material/history:", "history"),
    ("pages/officer_import.py", "page_officer_import", ":material/upload_file:", "import"),
    ("pages/verification.py", "page_verification", ":material/fact_check:", "verify"),
    ("pages/officer_records.py", "page_officer_records", ":material/theater_comedy:", "records"),
)
ADMIN: tuple[Spec, ...] = (
    ("pages/admin_users.py", "page_admin_users", ":material/manage_accounts:", "users"),
)


def role_pages(visitor: tuple[Spec, ...]) -> dict[str, tuple[Spec, ...]]:
    """Each role's page list, built on the visitor's pages (roles nest)."""
    planner = (*visitor, SAVED)
    officer = (*planner, *OFFICER)
    return {
        "visitor": (*visitor, LOGIN),
        "planner": (*planner, LOGIN),
        "officer": (*officer, LOGIN),
        "admin": (*officer, *ADMIN, LOGIN),
    }


ROLE_PAGES = role_pages(VISITOR_PAGES)


def pages_of(role: str) -> tuple[Spec, ...]:
    """The page specs a user with ``role`` may open; unknown roles get the visitor's pages."""
    return ROLE_PAGES.get(role, ROLE_PAGES["visitor"])


@contextmanager
def write_conn() -> Iterator[sqlite3.Connection]:
    """A write connection for one unit of work (never kept across reruns or threads)."""
    conn = connect(state.db_path())
    try:
        yield conn
    finally:
        close(conn)  # checkpoint: the WAL stays short (caches key on store.version_key)


def sso_configured() -> bool:
    """True when secrets.toml configures ``st.login`` (an ``[auth]`` section)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all is the embedded default
        return False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def sign_in(actor: Actor, via: str = "password") -> None:
    """Start a login session for ``actor``."""
    now = _now().isoformat()
    st.session_state[AUTH_KEY] = {
        "name": actor.name,
        "role": actor.role,
        "via": via,
        "login_at": now,
        "last_seen": now,
    }


def sign_out(message: str | None = None) -> None:
    """End the login session (and the SSO session, if that is how the user came in)."""
    info = st.session_state.pop(AUTH_KEY, None)
    if message:
        st.session_state[FLASH_KEY] = message
    if info and info.get("via") == "sso" and sso_configured():
        st.logout()


def current_actor() -> Actor:
    """The acting user of this run: checked against timeouts and the users table."""
    info = st.session_state.get(AUTH_KEY)
    if info is None and sso_configured() and getattr(st.user, "is_logged_in", False):
        with write_conn() as conn:
            actor = auth.actor_for_identity(
                conn, email=st.user.get("email"), subject=st.user.get("sub")
            )
        if actor.kind == "user":
            sign_in(actor, via="sso")
            info = st.session_state[AUTH_KEY]
    if info is None:
        return Actor.anonymous()
    now = _now()
    login_at = dt.datetime.fromisoformat(info["login_at"])
    last_seen = dt.datetime.fromisoformat(info["last_seen"])
    if auth.session_expired(login_at, last_seen, now):
        sign_out("session_expired")
        return Actor.anonymous()
    with write_conn() as conn:
        row = conn.execute("SELECT name, role, active FROM users WHERE name = ?", [info["name"]])
        user = row.fetchone()
    if user is None or not user["active"]:
        sign_out("account_disabled")
        return Actor.anonymous()
    info.update(last_seen=now.isoformat(), role=user["role"])
    return Actor(user["name"], user["role"])


def after_write() -> None:
    """Drop cached catalogue data so every session's public pages show the change."""
    st.cache_data.clear()
