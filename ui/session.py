"""Who is using this session: login state, timeout, SSO, and the role's pages.

The session holds only a claim (name, role, times). Every run re-reads the user's row, so a
disabled account or a changed role takes effect on the next click, and the domain layer checks
the role again on every write (``catalog.permissions.require``). Local accounts are the default;
``st.login`` (OIDC) is offered only when ``.streamlit/secrets.toml`` has an ``[auth]`` section,
and an SSO identity gets the role of the matching row in our ``users`` table (else visitor).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import streamlit as st

from catalog import auth
from catalog import login_sessions as ls
from catalog.permissions import Actor
from catalog.repository import CatalogError
from catalog.store import CatalogBusy, CatalogReadOnly, close, connect
from ui import state

AUTH_KEY = "auth_session"
FLASH_KEY = "auth_flash"
COOKIE_OP_KEY = "auth_cookie_op"

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
    """A write connection for one unit of work (never kept across reruns or threads).

    A busy, read-only or missing catalogue stops the page with a translated message instead of
    a traceback (issue 13, findings 6 and 8); nothing was written in any of these cases.
    """
    try:
        conn = connect(state.db_path())
    except CatalogError as exc:
        unavailable(exc)
    try:
        yield conn
    except CatalogError as exc:
        unavailable(exc)
    finally:
        close(conn)  # checkpoint: the WAL stays short (caches key on store.version_key)


def unavailable(exc: CatalogError) -> NoReturn:
    """Show why the catalogue cannot be used right now, in the user's language; stop the run."""
    from ui.edit_text import tx  # edit_text is large; only needed on this path

    key = {CatalogBusy: "busy", CatalogReadOnly: "read_only"}.get(type(exc), "db_unavailable")
    st.error(tx(key, state.lang()), icon=":material/error:")
    st.stop()


def sso_configured() -> bool:
    """True when secrets.toml configures ``st.login`` (an ``[auth]`` section)."""
    try:
        return "auth" in st.secrets
    except Exception:  # noqa: BLE001 - no secrets file at all is the embedded default
        return False


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _remember(name: str, role: str, via: str, sid: str | None) -> dict:
    now = _now().isoformat()
    info = {"name": name, "role": role, "via": via, "login_at": now, "last_seen": now, "sid": sid}
    st.session_state[AUTH_KEY] = info
    return info


def sign_in(actor: Actor, via: str = "password") -> None:
    """Start a login session for ``actor``, and have the browser fetch its cookie (next run)."""
    conn = ls.connect(state.db_path())
    try:
        sid, ticket = ls.begin(conn, actor.name)
    finally:
        conn.close()
    _remember(actor.name, actor.role, via, sid)
    st.session_state[COOKIE_OP_KEY] = ("set", ticket)


def _from_cookie() -> dict | None:
    """The login of this browser's session cookie, if it is still live on the server."""
    value = st.context.cookies.get(ls.COOKIE)
    # st.context.cookies is what the browser sent when the page opened: check it once, so a
    # logout in this tab is not undone by the same cookie on the next click.
    if not value or st.session_state.get("auth_cookie_seen") == value:
        return None
    st.session_state["auth_cookie_seen"] = value
    token = ls.unsign(ls.secret_key(state.db_path()), value)
    if token is None:
        return None
    conn = ls.connect(state.db_path())
    try:
        live = ls.resume(conn, token)
    finally:
        conn.close()
    if live is None:
        st.session_state[COOKIE_OP_KEY] = ("clear",)  # a dead cookie: drop it from the browser
        return None
    return _remember(live.user, "visitor", "cookie", live.id)


def _still_live(sid: str) -> bool:
    conn = ls.connect(state.db_path())
    try:
        return ls.check(conn, sid) is not None
    finally:
        conn.close()


def cookie_script() -> None:
    """Send the pending cookie operation to the app's ``/auth/…`` routes from the browser (an
    HttpOnly cookie can only be set or cleared by an HTTP response, ``ui/cookie_routes.py``)."""
    op = st.session_state.pop(COOKIE_OP_KEY, None)
    if op is None:
        return
    if op[0] == "set":
        url, body = "/auth/cookie", json.dumps({"ticket": op[1]})
    else:
        url, body = "/auth/logout", "{}"
    st.html(f"<script>fetch({json.dumps(url)}, {{method: 'POST', credentials: 'same-origin', "
            f"headers: {{'Content-Type': 'application/json'}}, body: {json.dumps(body)}}});"
            "</script>", unsafe_allow_javascript=True)


def sign_out(message: str | None = None) -> None:
    """End the login session on the server and in the browser (and SSO, if that is how the
    user came in)."""
    info = st.session_state.pop(AUTH_KEY, None)
    if info and info.get("sid"):
        conn = ls.connect(state.db_path())
        try:
            ls.revoke(conn, info["sid"], "timeout" if message == "session_expired" else "logout")
        finally:
            conn.close()
    st.session_state[COOKIE_OP_KEY] = ("clear",)
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
        info = _from_cookie()
    if info is None:
        return Actor.anonymous()
    if info.get("sid") and not _still_live(info["sid"]):  # logged out elsewhere, or timed out
        sign_out("session_expired")
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
