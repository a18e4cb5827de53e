"""The first call of every page file: the page checks the session's role itself.

With a top-level ``pages/`` folder, a fresh Streamlit 1.67 server runs the first deep link it
receives (``/edit`` before anyone opened ``/``) straight from the page file, without ``app.py``'s
router and its role-built page list (PITFALLS b). So each page asks here whether the acting user
may open it and stops otherwise. This is not the security either: the domain checks every read
and write (``catalog.permissions.require``); the guard keeps officer pages, their data and their
names from a visitor's screen.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from catalog.permissions import Actor
from catalog.repository import CatalogError
from ui import session, state
from ui.i18n import LANGS, t

KEPT_LANG = "kept_lang"
FAVICON = Path(__file__).resolve().parent.parent / "static" / "favicon.png"


def page_config() -> None:
    """Page config and the language switch: drawn by the router, and by a page the server ran
    without it, so both ways look the same."""
    # A local file: a ":material/…" or emoji icon makes every page fetch it from fonts.gstatic.com.
    st.set_page_config(page_title=t("app_title"), layout="wide", page_icon=str(FAVICON))
    if "lang" not in st.session_state and st.query_params.get("lang") in LANGS:
        st.session_state["lang"] = st.query_params["lang"]


def _keep_lang() -> None:
    st.session_state[KEPT_LANG] = st.session_state["lang"]


def language_switch() -> None:
    """The sidebar's language box (key ``lang``, read by ``ui.state.lang``).

    Each page draws its own box, and Streamlit starts a widget on another page from its default
    (the catalogue -> card switch and the sidebar's page list reset the UI to Chinese). So the
    choice is kept under a plain key, set when the box changes, and given to the box on every page.
    """
    ss = st.session_state
    # Assigning the value (even to itself) makes the box on this page start from it; a value
    # Streamlit already dropped comes back from the plain key.
    value = ss.get("lang") if ss.get("lang") in LANGS else ss.get(KEPT_LANG)
    if value in LANGS:
        ss["lang"] = value
    lang = ss.get("lang", "zh")
    st.sidebar.selectbox(
        t("language"), LANGS, key="lang", format_func=lambda v: {"zh": "中文", "en": "English"}[v],
        placeholder=t("choose_one", lang if lang in LANGS else "zh"), on_change=_keep_lang,
    )
    ss[KEPT_LANG] = ss["lang"]


def menu(actor: Actor) -> None:
    """The sidebar's page menu: only the pages the actor's role may open, under their translated
    titles; once logged in, the login page is the account ("账户（olga）": who, and log out).

    Drawn here rather than by ``st.navigation`` (``client.showSidebarNavigation = false``), so a
    page the server ran without the router shows the same menu and never the page files' names.
    """
    lang = state.lang()
    for path, key, icon, _url in session.pages_of(actor.role):
        if key == "page_login" and actor.kind == "user":
            label, icon = t("page_account", lang, name=actor.name), ":material/account_circle:"
        else:
            label = t(key, lang)
        st.sidebar.page_link(path, label=label, icon=icon)


def page_allowed(role: str, page_file: str) -> bool:
    """True when a user with ``role`` may open the page whose file is ``page_file``."""
    name = Path(page_file).name
    return any(Path(spec[0]).name == name for spec in session.pages_of(role))


def guard_page(page_file: str) -> Actor:
    """Return the acting user, or stop the script when they may not open this page."""
    page_config()
    if not state.db_path().is_file():  # a page run without the router has no other check
        session.unavailable(CatalogError(f"catalogue database not found: {state.db_path()}"))
    actor = session.current_actor()
    menu(actor)
    language_switch()
    session.cookie_script()
    if not page_allowed(actor.role, page_file):
        lang = state.lang()
        if actor.kind == "user":
            st.warning(t("page_not_for_role", lang, role=actor.role), icon=":material/lock:")
        else:
            st.info(t("page_needs_login", lang), icon=":material/lock:")
            st.page_link(session.LOGIN[0], label=t("page_login", lang), icon=session.LOGIN[2])
        st.stop()
    return actor
