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


def page_config() -> None:
    """Page config and the language switch: drawn by the router, and by a page the server ran
    without it, so both ways look the same."""
    st.set_page_config(page_title=t("app_title"), layout="wide",
                       page_icon=":material/temple_buddhist:")
    ss = st.session_state
    if LANG_KEPT not in ss and "lang" not in ss and st.query_params.get("lang") in LANGS:
        ss["lang"] = ss[LANG_KEPT] = st.query_params["lang"]


#: The chosen language outside the widget: Streamlit drops a widget's state when another page
#: draws it (seen in Chromium: a plan page in English, then 已存行程 came up in Chinese).
LANG_KEPT = "lang_kept"


def _keep_language() -> None:
    st.session_state[LANG_KEPT] = st.session_state["lang"]


def language_switch() -> None:
    """The sidebar's language box (key ``lang``, read by ``ui.state.lang``)."""
    ss = st.session_state
    if ss.get(LANG_KEPT) in LANGS:
        ss["lang"] = ss[LANG_KEPT]  # before the widget exists in this run
    st.sidebar.selectbox(
        t("language"), LANGS, key="lang", format_func=lambda v: {"zh": "中文", "en": "English"}[v],
        on_change=_keep_language,
    )
    ss.setdefault(LANG_KEPT, ss["lang"])


def menu(role: str) -> None:
    """The sidebar's page menu: only the pages ``role`` may open, under their translated titles.

    Drawn here rather than by ``st.navigation`` (``client.showSidebarNavigation = false``), so a
    page the server ran without the router shows the same menu and never the page files' names.
    """
    lang = state.lang()
    for path, key, icon, _url in session.pages_of(role):
        st.sidebar.page_link(path, label=t(key, lang), icon=icon)


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
    menu(actor.role)
    language_switch()
    session.cookie_script()
    if not page_allowed(actor.role, page_file):
        st.stop()
    return actor
