"""Planners: save the itinerary planned in this session; saved ones with change notices."""

import streamlit as st

from catalog import itineraries
from catalog.permissions import PermissionDenied
from routing.service import itinerary_to_json, request_to_json
from ui import session, state
from ui.edit_text import md_escape, tx
from ui.guard import guard_page
from ui.i18n import t

lang = state.lang()
actor = guard_page(__file__)
st.title(t("page_saved_plans", lang))
result = st.session_state.get("plan_result")
with st.container(border=True):
    st.subheader(tx("save_plan", lang))
    if result is None:
        st.info(tx("no_plan", lang))
    else:
        with st.form("save_plan"):
            name = st.text_input(tx("plan_name", lang), max_chars=120, key="save_plan_name")
            shared = st.checkbox(tx("share", lang), key="save_plan_shared")
            save = st.form_submit_button(tx("save", lang), type="primary")
        if save:
            site_ids = [v.site_id for day in result.itinerary.days for v in day.visits]
            body = {"request": request_to_json(result.request),
                    "itinerary": itinerary_to_json(result.itinerary)}
            try:
                with session.write_conn() as conn:
                    itineraries.save(conn, actor, name, site_ids, body, shared=shared)
                st.success(tx("saved", lang, v=1))
            except (itineraries.ItineraryError, PermissionDenied, ValueError) as exc:
                st.error(md_escape(exc))

st.subheader(tx("saved_plans", lang))
try:
    with session.write_conn() as conn:
        saved = itineraries.visible(conn, actor)
        notes = {s.id: itineraries.notices(conn, s) for s in saved}
except PermissionDenied as exc:
    st.error(md_escape(exc))
    st.stop()
if not saved:
    st.info(tx("no_saved", lang))
for item in saved:
    with st.expander(f"{md_escape(item.name)} · {md_escape(item.owner)} · {item.created_at}",
                     expanded=bool(notes[item.id])):
        for n in notes[item.id]:
            key = {"changed": "changed_notice", "retired": "retired_notice"}.get(
                n.status, "missing_notice")
            st.warning(md_escape(tx(key, lang, name=n.name_zh, by=n.changed_by, at=n.changed_at)))
        if not notes[item.id]:
            st.success(tx("plan_ok", lang))
        days = (item.body or {}).get("itinerary", {}).get("days", [])
        st.dataframe([{"day": d.get("date"), "sites": " → ".join(
            v.get("name", v.get("site_id", "")) for v in d.get("visits", []))} for d in days],
            hide_index=True, width="stretch", key=f"saved_{item.id}")
