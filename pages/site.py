"""Site card: one site with its designations, location, hours, ticket, nearby sites and sources."""

import streamlit as st

from catalog.safetext import md
from ui import state
from ui.card import render_site_card
from ui.guard import guard_page
from ui.i18n import t

guard_page(__file__)
lang = state.lang()
cat = state.catalog()
choices = state.site_choices()
wanted = st.query_params.get("site")

st.title(t("page_site", lang))
if wanted and wanted not in choices:
    try:
        cat.site(wanted)  # a retired site still has a card
        choices = {wanted: wanted, **choices}
    except KeyError:
        st.error(t("unknown_site", lang, id=md(wanted)))
        wanted = None
ids = list(choices)
index = ids.index(wanted) if wanted in choices else 0
site_id = st.selectbox(t("choose_site", lang), ids, index=index, placeholder=t("choose_one", lang),
                       format_func=lambda i: choices.get(i, i), key=f"site_pick_{wanted}")
if site_id != st.query_params.get("site"):
    st.query_params["site"] = site_id
site = cat.site(site_id)
render_site_card(cat, site, lang)
st.page_link("pages/plan.py", label=t("plan_from_here", lang), icon=":material/event_note:",
             query_params={"must": site.id, "lodging": "pingyao-gucheng"})
