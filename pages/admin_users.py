"""Admins: list accounts, add one, change a role, disable or enable."""

import streamlit as st

from catalog import auth
from catalog.permissions import ROLES, PermissionDenied
from catalog.safetext import md
from ui import session, state
from ui.edit_text import tx
from ui.guard import guard_page
from ui.i18n import t

lang = state.lang()
actor = guard_page(__file__)
st.title(t("page_admin_users", lang))
try:
    with session.write_conn() as conn:
        users = auth.list_users(conn, actor)
except PermissionDenied as exc:
    st.error(md(exc))
    st.stop()
st.dataframe([{"name": u.name, "role": u.role, "active": u.active, "email": u.email or "",
               "created": u.created_at} for u in users], hide_index=True, key="users_table")
if (msg := st.session_state.pop("users_flash", None)) is not None:
    st.success(md(msg))

with st.form("add_user", clear_on_submit=True):
    st.subheader(tx("add_user", lang))
    name = st.text_input(tx("user", lang), key="new_user_name")
    role = st.selectbox(tx("role", lang), ROLES, index=1, key="new_user_role")
    email = st.text_input("email (SSO)", key="new_user_email")
    password = st.text_input(tx("password", lang), type="password", key="new_user_password")
    add = st.form_submit_button(tx("add_user", lang))
if add:
    try:
        with session.write_conn() as conn:
            auth.add_user(conn, actor, name.strip(), role, password or None,
                          email=email.strip() or None)
        st.session_state["users_flash"] = f"{name} ({role})"
        st.rerun()
    except (auth.AuthError, PermissionDenied) as exc:
        st.error(md(exc))

with st.form("update_user"):
    st.subheader(tx("update_user", lang))
    who = st.selectbox(tx("user", lang), [u.name for u in users], key="upd_user")
    # both boxes start at "unchanged": disabling a user keeps their role (finding 9 of issue 13)
    new_role = st.selectbox(tx("role", lang), [None, *ROLES], key="upd_role",
                            format_func=lambda r: tx("unchanged", lang) if r is None else r)
    active = st.selectbox(tx("active", lang), [None, True, False], key="upd_active",
                          format_func=lambda a: tx("unchanged" if a is None else
                                                   ("enabled" if a else "disabled"), lang))
    change = st.form_submit_button(tx("done", lang))
if change:
    try:
        with session.write_conn() as conn:
            user = auth.update_user(conn, actor, who, role=new_role, active=active)
        st.session_state["users_flash"] = f"{user.name}: {user.role}, active={user.active}"
        st.rerun()
    except (auth.AuthError, PermissionDenied) as exc:
        st.error(md(exc))
