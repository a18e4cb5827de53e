"""Planners: save the plan of this session (a used name saves its next version); saved plans with
their versions, change notices, reopen in the planner, exports, rename, copy and delete."""

import streamlit as st

from catalog import itineraries
from catalog.itineraries import local_time
from catalog.permissions import PermissionDenied
from catalog.safetext import md
from ui import session, state
from ui.edit_text import tx
from ui.guard import guard_page
from ui.i18n import t
from ui.savedview import problem, save_current, show_plan, sx

actor = guard_page(__file__)
lang = state.lang()
st.title(t("page_saved_plans", lang))
if flash := st.session_state.pop("saved_flash", None):
    st.success(flash)
result = st.session_state.get("plan_result")
with st.container(border=True):
    st.subheader(tx("save_plan", lang))
    if result is None:
        st.info(tx("no_plan", lang))
    else:
        with st.form("save_plan"):
            name = st.text_input(tx("plan_name", lang), max_chars=itineraries.MAX_NAME,
                                 key="save_plan_name")
            shared = st.checkbox(tx("share", lang), key="save_plan_shared")
            st.caption(sx("same_name_note", lang))
            save = st.form_submit_button(tx("save", lang), type="primary")
        if save:
            save_current(actor, result, name, shared, lang)

st.subheader(tx("saved_plans", lang))
try:
    with session.write_conn() as conn:
        plans = itineraries.plans(conn, actor)
        notes = {v.id: itineraries.notices(conn, v) for p in plans for v in p.versions}
except PermissionDenied as exc:
    st.error(problem(exc, lang))
    st.stop()
if not plans:
    st.info(tx("no_saved", lang))
for plan in plans:
    latest = plan.latest
    title = sx("plan_title", lang, name=md(plan.name), owner=md(plan.owner), v=latest.version,
               at=local_time(latest.created_at))
    with st.expander(title, expanded=any(notes[v.id] for v in plan.versions)):
        show_plan(plan, actor, lang, notes)
