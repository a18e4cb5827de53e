"""Log in with a local account (or SSO when configured); log out."""

import streamlit as st

from catalog import auth
from catalog.safetext import md
from ui import session, state
from ui.edit_text import tx
from ui.guard import guard_page
from ui.i18n import t

actor = guard_page(__file__)  # first: it reads ?lang= and draws the language switch
lang = state.lang()
st.title(t("page_account", lang, name=actor.name) if actor.kind == "user"
         else t("page_login", lang))
flash = st.session_state.pop(session.FLASH_KEY, None)
if flash:
    st.warning(tx(flash, lang))

if actor.kind == "user":
    st.success(md(tx("logged_in_as", lang, name=actor.name, role=actor.role)))
    if st.button(tx("log_out", lang), key="logout"):
        session.sign_out()
        st.rerun()
else:
    with st.form("login"):
        name = st.text_input(tx("user", lang), key="login_name", max_chars=64)
        password = st.text_input(tx("password", lang), type="password", key="login_password",
                                 max_chars=auth.MAX_PASSWORD)
        submitted = st.form_submit_button(tx("log_in", lang), type="primary")
    if submitted:
        try:
            with session.write_conn() as conn:
                who = auth.authenticate(conn, name, password, client=st.context.ip_address)
        except auth.LoginThrottled as exc:
            st.error(tx("throttled", lang, s=exc.retry_after))
        except auth.AuthError:
            st.error(tx("login_failed", lang))
        else:
            session.sign_in(who)
            st.rerun()
    if session.sso_configured():
        if getattr(st.user, "is_logged_in", False):
            st.info(tx("sso_unknown", lang))
        elif st.button(tx("sso", lang), key="sso_login"):
            st.login()
